package dev.connections.examples.host;

import dev.connections.web.spring.ConnectionsWebProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The example host: {@code mvn -q -pl examples -am -Pweb process-classes}, then sign in at
 * http://localhost:8080 as one of the {@link DemoUsers}. The page is connections-web's, mounted by its
 * auto-configuration; this host only decides who is who ({@link HostSecurity}).
 */
@SpringBootApplication
public class ExampleHost {

    public static void main(String[] args) {
        SpringApplication.run(ExampleHost.class, args);
    }

    /** The host's way in: its home page leads to Settings › Connections. */
    @Controller
    static class Home {
        private final String page;

        Home(ConnectionsWebProperties web) {
            this.page = web.getPath();
        }

        @GetMapping("/")
        String home() {
            return "redirect:" + page;
        }
    }
}
