package dev.connections.web.spring;

import dev.connections.event.ConnectionEvent;
import dev.connections.event.ConnectionListener;
import dev.connections.id.WorkspaceId;
import dev.connections.verify.CredentialVerifier;
import dev.connections.verify.Verification;
import dev.connections.web.spring.security.WorkspaceResolver;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A host as the README shows it: the starter in memory, Spring Security with its CSRF protection, and a
 * WorkspaceResolver; the API answers anonymous requests itself (the chain permits them). A user's workspace
 * is their {@code WORKSPACE_<id>} authority, so each test can work in a workspace of its own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ApiTestApplication {
    static final String WORKSPACE_AUTHORITY = "WORKSPACE_";

    /** A freshly generated key ring in the text form, so no key is written into the source. */
    static String keyRing() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "primary=k1;k1:" + Base64.getEncoder().encodeToString(key);
    }

    /** Every event the facade published, to check that writes name the caller. */
    static final List<ConnectionEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Bean
    ConnectionListener recordingListener() {
        return EVENTS::add;
    }

    @Bean
    WorkspaceResolver workspaceResolver() {
        return authentication -> authentication.getAuthorities().stream()
                .map(a -> a.getAuthority())
                .filter(a -> a != null && a.startsWith(WORKSPACE_AUTHORITY))
                .map(a -> WorkspaceId.of(a.substring(WORKSPACE_AUTHORITY.length())))
                .findFirst();
    }

    /** Keys starting with "sk-valid" are accepted; any other is rejected, as a provider would say it. */
    @Bean
    CredentialVerifier credentialVerifier() {
        return connection -> connection.withKey(key -> key.reveal().startsWith("sk-valid")
                ? new Verification(Verification.Status.VALID, "HTTP 200", 200, Instant.now())
                : new Verification(
                        Verification.Status.INVALID, "HTTP 401: Incorrect API key provided.", 401, Instant.now()));
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }
}
