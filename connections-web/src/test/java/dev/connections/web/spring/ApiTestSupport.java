package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.jayway.jsonpath.JsonPath;
import dev.connections.web.spring.security.SpringSecurityConnectionsAccess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The host of {@link ApiTestApplication} behind MockMvc, with Spring Security's filters (CSRF included).
 * Every key the tests send contains {@link #CANARY}; every response (body and headers) and every log line
 * of the run is kept, and {@link #noKeyWasShown()} fails the class if the canary appears in any (the audit
 * test of {@link ConnectionsApiAccessTest} shows that log lines are captured).
 */
@SpringBootTest(classes = ApiTestApplication.class)
@AutoConfigureMockMvc
abstract class ApiTestSupport {
    static final String API = "/api/connections";
    /** Recognisable in any output: every key the tests send contains it. */
    static final String CANARY = "CanaryQ7x3Zk";
    /** An OpenAI-shaped key the test verifier accepts. */
    static final String KEY = "sk-valid-" + CANARY + "abcdefghij0042";
    /** An OpenAI-shaped key the test verifier rejects. */
    static final String REJECTED_KEY = "sk-wrong-" + CANARY + "abcdefghij0042";

    private static final List<String> OUTPUT = Collections.synchronizedList(new ArrayList<>());
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    static {
        LOGS.setName("api-test-capture");
        LOGS.start();
    }

    @Autowired
    MockMvc mvc;

    /**
     * Listens to the root logger once the context started: Spring Boot resets Logback's configuration on
     * start, which drops (and stops) appenders added before.
     */
    @BeforeEach
    void captureLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // Another test context starting resets Logback, which also stops the appender.
        if (!LOGS.isStarted()) {
            LOGS.start();
        }
        if (root.getAppender(LOGS.getName()) == null) {
            root.addAppender(LOGS);
        }
    }

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("connections.keys.text", ApiTestApplication::keyRing);
    }

    @AfterAll
    static void noKeyWasShown() {
        List<String> lines = new ArrayList<>();
        synchronized (LOGS) {
            for (ILoggingEvent event : List.copyOf(LOGS.list)) {
                lines.add(event.getFormattedMessage());
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    lines.add(t.getClassName() + ": " + t.getMessage());
                }
            }
        }
        assertThat(OUTPUT).noneMatch(text -> text.contains(CANARY));
        assertThat(lines).noneMatch(text -> text != null && text.contains(CANARY));
    }

    /** Every response body and header kept so far, one text per response. */
    static List<String> responses() {
        synchronized (OUTPUT) {
            return List.copyOf(OUTPUT);
        }
    }

    /** The lines logged to the audit logger so far. */
    static List<String> auditLines() {
        synchronized (LOGS) {
            return LOGS.list.stream()
                    .filter(event -> event.getLoggerName().equals(dev.connections.event.AuditLog.LOGGER_NAME))
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    /** A fresh workspace, so a test sees only its own connections. */
    static String workspace() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Allowed everything in {@code workspace}. */
    static RequestPostProcessor manager(String workspace) {
        return user("alice")
                .authorities(
                        new SimpleGrantedAuthority(SpringSecurityConnectionsAccess.MANAGE),
                        new SimpleGrantedAuthority(ApiTestApplication.WORKSPACE_AUTHORITY + workspace));
    }

    /** Another user allowed everything in {@code workspace}. */
    static RequestPostProcessor otherManager(String workspace) {
        return user("bob")
                .authorities(
                        new SimpleGrantedAuthority(SpringSecurityConnectionsAccess.MANAGE),
                        new SimpleGrantedAuthority(ApiTestApplication.WORKSPACE_AUTHORITY + workspace));
    }

    /** Allowed only to view {@code workspace}. */
    static RequestPostProcessor viewer(String workspace) {
        return user("victor")
                .authorities(
                        new SimpleGrantedAuthority(SpringSecurityConnectionsAccess.VIEW),
                        new SimpleGrantedAuthority(ApiTestApplication.WORKSPACE_AUTHORITY + workspace));
    }

    static MockHttpServletRequestBuilder get(String path, Object... vars) {
        return MockMvcRequestBuilders.get(API + path, vars);
    }

    /** A write with a JSON body and Spring Security's CSRF token. */
    static MockHttpServletRequestBuilder post(String path, String json, Object... vars) {
        return MockMvcRequestBuilders.post(API + path, vars)
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    static MockHttpServletRequestBuilder patch(String path, String json, Object... vars) {
        return MockMvcRequestBuilders.patch(API + path, vars)
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    static MockHttpServletRequestBuilder delete(String path, Object... vars) {
        return MockMvcRequestBuilders.delete(API + path, vars).with(csrf());
    }

    /** Runs the request and keeps its response for the key scan. */
    MockHttpServletResponse call(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        MockHttpServletResponse response = result.getResponse();
        StringBuilder seen = new StringBuilder(response.getContentAsString());
        for (String name : response.getHeaderNames()) {
            seen.append('\n').append(name).append(": ").append(String.join(", ", response.getHeaders(name)));
        }
        OUTPUT.add(seen.toString());
        return response;
    }

    /** Adds an OpenAI connection named {@code name} in {@code workspace}; returns its JSON. */
    String addOpenAi(String workspace, String name) throws Exception {
        MockHttpServletResponse response =
                call(post("/apps/openai/connections", "{\"name\":\"" + name + "\",\"apiKey\":\"" + KEY + "\"}")
                        .with(manager(workspace)));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        return response.getContentAsString();
    }

    static String read(String json, String path) {
        Object value = JsonPath.read(json, path);
        return String.valueOf(value);
    }

    static String etag(String connectionJson) {
        return "\"" + read(connectionJson, "$.version") + "\"";
    }

    /** The field names of a problem's errors. */
    static List<String> fields(MockHttpServletResponse problem) throws Exception {
        return JsonPath.read(problem.getContentAsString(), "$.errors[*].field");
    }
}
