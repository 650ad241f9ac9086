package dev.connections.examples.boot;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link ExampleApplicationTest} on an in-memory H2 database with generated keys. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:example-h2;DB_CLOSE_DELAY=-1",
            "connections.keys.development-file=target/h2-example-keys.txt"
        })
class H2ExampleApplicationTest extends ExampleApplicationTest {}
