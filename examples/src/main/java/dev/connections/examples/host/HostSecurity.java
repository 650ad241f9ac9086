package dev.connections.examples.host;

import dev.connections.web.spring.ConnectionsWebProperties;
import dev.connections.web.spring.security.WorkspaceResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who is who in the example host: form login for the {@link DemoUsers}, Spring Security's own CSRF token
 * (the page sends it back from its meta tags), and a {@link WorkspaceResolver} bean, which is all
 * connections-web needs to set up its Spring Security access (actions from the users' authorities).
 */
@Configuration(proxyBeanMethods = false)
class HostSecurity {

    @Bean
    SecurityFilterChain signInAndCsrf(HttpSecurity http, ConnectionsWebProperties web) throws Exception {
        // The API answers a missing sign-in with 401 (its page says so) instead of redirecting a fetch to a form.
        var api = PathPatternRequestMatcher.withDefaults().matcher(web.getApiPath() + "/**");
        return http.authorizeHttpRequests(requests -> requests.requestMatchers("/login", "/error", "/favicon.ico")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), api))
                .build();
    }

    @Bean
    UserDetailsService demoUsers() {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(DemoUsers.ALL.stream()
                .map(user -> User.withUsername(user.username())
                        .password(encoder.encode(user.password()))
                        .authorities(user.authority())
                        .build())
                .toList());
    }

    @Bean
    WorkspaceResolver demoWorkspaces() {
        return authentication -> DemoUsers.workspaceOf(authentication.getName());
    }
}
