package dev.connections.web.spring;

import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Serves the Connections page in a servlet Spring MVC host: its HTML shell at {@code connections.web.path}
 * and its scripts, styles and message bundles under {@code {path}/assets/} from the jar.
 */
@AutoConfiguration(after = ConnectionsWebAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "connections.web", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ConnectionsWebProperties.class)
public class ConnectionsPageAutoConfiguration {

    /** Where the page's files live in this jar. */
    static final String ASSETS_LOCATION = "classpath:/dev/connections/web/assets/";

    @Bean
    SimpleUrlHandlerMapping connectionsPageMapping(ConnectionsWebProperties properties) {
        String page = PagePaths.trimmed(properties.getPath());
        ConnectionsPageController shell = new ConnectionsPageController(properties);
        // After the host's own controllers (order 0), before static resources: a host may override the page.
        return new SimpleUrlHandlerMapping(Map.of(page.isEmpty() ? "/" : page, shell, page + "/", shell), 1);
    }

    @Bean
    WebMvcConfigurer connectionsPageAssets(ConnectionsWebProperties properties) {
        String pattern = PagePaths.trimmed(properties.getPath()) + "/assets/**";
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                // Revalidated on every load: a host upgrading the jar must never run an old script with a
                // new shell; the resource handler answers 304 from Last-Modified.
                registry.addResourceHandler(pattern)
                        .addResourceLocations(ASSETS_LOCATION)
                        .setCacheControl(CacheControl.noCache());
            }
        };
    }
}
