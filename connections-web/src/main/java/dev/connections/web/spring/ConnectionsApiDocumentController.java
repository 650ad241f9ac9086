package dev.connections.web.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Serves the API's checked-in OpenAPI 3.1 document at {@code {api}/openapi.json}, its server URL set to where
 * the API is mounted in this host. It holds no workspace data, so it needs no caller.
 */
@RestController
@RequestMapping("${connections.web.api-path:/api/connections}")
public class ConnectionsApiDocumentController {
    /** Where the document lives in the jar. */
    public static final String DOCUMENT = "/dev/connections/web/openapi.json";

    /** The server entry as checked in; replaced by the mounted path when served. */
    static final String SERVER = "\"url\": \"/api/connections\"";

    private final String document;
    private final String apiPath;

    /** Serves the document for an API mounted at {@code apiPath} (inside the context path). */
    public ConnectionsApiDocumentController(String apiPath) {
        this.document = read();
        this.apiPath = apiPath;
    }

    @GetMapping("/openapi.json")
    ResponseEntity<String> document() {
        String server = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(apiPath)
                .build()
                .getPath();
        String body = document.replace(SERVER, "\"url\": \"" + Objects.requireNonNullElse(server, apiPath) + "\"");
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noCache())
                .body(body);
    }

    static String read() {
        try (InputStream in = ConnectionsApiDocumentController.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException("The jar lacks " + DOCUMENT);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
