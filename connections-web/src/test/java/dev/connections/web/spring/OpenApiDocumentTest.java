package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checked-in OpenAPI document is valid OpenAPI 3.1 and says exactly what the handlers do: a handler
 * without the document, or a documented operation without a handler, fails the build.
 */
class OpenApiDocumentTest extends ApiTestSupport {
    private static final Set<Class<?>> API_CONTROLLERS = Set.of(
            ConnectionsApiController.class,
            ConnectionsApiDocumentController.class,
            ConnectionsOAuthCallbackController.class);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theDocumentIsValidOpenApi31() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result =
                new OpenAPIV3Parser().readContents(ConnectionsApiDocumentController.read(), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1.");
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void everyHandlerIsDocumentedAndEveryDocumentedOperationHasAHandler() {
        Set<String> handlers = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                mappings.getHandlerMethods().entrySet()) {
            if (!API_CONTROLLERS.contains(entry.getValue().getBeanType())) {
                continue;
            }
            RequestMappingInfo info = entry.getKey();
            for (String pattern : info.getPatternValues()) {
                assertThat(pattern).startsWith(API);
                info.getMethodsCondition()
                        .getMethods()
                        .forEach(method -> handlers.add(method.name() + " " + pattern.substring(API.length())));
            }
        }

        Set<String> documented = new TreeSet<>();
        JsonNode paths = JsonMapper.builder()
                .build()
                .readTree(ConnectionsApiDocumentController.read())
                .get("paths");
        for (var path : paths.properties()) {
            for (var operation : path.getValue().properties()) {
                documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }

        assertThat(handlers).hasSizeGreaterThan(10);
        assertThat(documented).isEqualTo(handlers);
    }

    @Test
    void responsesHaveExactlyTheDocumentedProperties() throws Exception {
        String ws = workspace();
        String connection = addOpenAi(ws, "Documented");
        String id = read(connection, "$.id");
        assertMatches("Connection", connection);
        assertMatches("ConnectionStatus", node(connection).get("status").toString());
        assertMatches("Me", call(get("/me").with(manager(ws))).getContentAsString());
        assertMatches("AppPage", call(get("/apps").with(manager(ws))).getContentAsString());
        assertMatches(
                "App",
                node(call(get("/apps").with(manager(ws))).getContentAsString())
                        .get("items")
                        .get(0)
                        .toString());
        String page = call(get("/integrations?q=algolia").with(manager(ws))).getContentAsString();
        assertMatches("IntegrationPage", page);
        assertMatches("IntegrationSummary", node(page).get("items").get(0).toString());
        String algolia = call(get("/integrations/algolia").with(manager(ws))).getContentAsString();
        assertMatches("Integration", algolia);
        assertMatches("Setting", node(algolia).get("settings").get(0).toString());
        assertMatches(
                "ConnectionList",
                call(get("/apps/openai/connections").with(manager(ws))).getContentAsString());
        assertMatches(
                "Verification",
                call(post("/connections/{id}/test", "", id).with(manager(ws))).getContentAsString());
        assertMatches(
                "Deleted",
                call(delete("/connections/{id}", id)
                                .header("If-Match", etag(connection))
                                .with(manager(ws)))
                        .getContentAsString());
        String problem = call(get("/apps?limit=0").with(manager(ws))).getContentAsString();
        assertMatches("Problem", problem);
        assertMatches("FieldError", node(problem).get("errors").get(0).toString());
    }

    /** The properties of {@code json} are exactly those the document's schema {@code schema} lists. */
    static void assertMatches(String schema, String json) {
        JsonNode documented = node(ConnectionsApiDocumentController.read())
                .get("components")
                .get("schemas")
                .get(schema)
                .get("properties");
        Set<String> expected = new TreeSet<>(documented.propertyNames());
        Set<String> actual = new TreeSet<>(node(json).propertyNames());
        assertThat(actual).as(schema + " in " + json).isEqualTo(expected);
    }

    static JsonNode node(String json) {
        return JsonMapper.builder().build().readTree(json);
    }

    @Test
    void theDocumentIsServedWithTheMountedServerUrl() throws Exception {
        MockHttpServletResponse response = call(get("/openapi.json").contextPath(""));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("application/json");
        JsonNode served = JsonMapper.builder().build().readTree(response.getContentAsString());
        assertThat(served.get("openapi").asString()).startsWith("3.1.");
        assertThat(served.get("servers").get(0).get("url").asString()).isEqualTo(API);

        MockHttpServletResponse behindContext = call(
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/host" + API + "/openapi.json")
                        .contextPath("/host"));
        JsonNode prefixed = JsonMapper.builder().build().readTree(behindContext.getContentAsString());
        assertThat(prefixed.get("servers").get(0).get("url").asString()).isEqualTo("/host" + API);
    }
}
