package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.connections.Connections;
import dev.connections.connection.NameRules;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.tck.TckOAuthProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * {@code POST /custom-connections/oauth/authorizations}: a custom app described by its OAuth 2.0 endpoints is
 * connected through the TCK's in-JVM authorization server and the existing callback; every field the request
 * can get wrong is named by the request's own field name, and a refused request stores neither an app nor a
 * connection. No token or client secret is ever in a response.
 */
@SpringBootTest(classes = {ApiTestApplication.class, OAuthTestHost.class})
class ConnectionsApiCustomOAuthTest extends ApiTestSupport {
    private static final String PATH = "/custom-connections/oauth/authorizations";
    private static final Pattern TOKEN = Pattern.compile("\\b(at|rt)-[0-9]+-[A-Za-z0-9_-]{16}");
    private static final List<String> TOKENS_SEEN = new ArrayList<>();

    @Autowired
    TckOAuthProvider provider;

    @Autowired
    Connections connections;

    @AfterAll
    static void noTokenOrClientSecretWasShown() {
        List<String> responses = responses();
        assertThat(responses).isNotEmpty();
        assertThat(responses).noneMatch(text -> TOKEN.matcher(text).find());
        assertThat(responses).noneMatch(text -> text.contains(OAuthTestHost.CLIENT_SECRET));
        for (String token : TOKENS_SEEN) {
            assertThat(responses).noneMatch(text -> text.contains(token));
        }
    }

    @Test
    void aCustomAppDescribedByItsOAuthEndpointsIsConnectedThroughTheCallback() throws Exception {
        String ws = workspace();
        MockHttpServletResponse started = call(post(
                        PATH,
                        body(
                                "Acme Wiki",
                                "Team wiki",
                                oauth2(
                                        "https://auth.acme-wiki.example/oauth/authorize",
                                        "https://auth.acme-wiki.example/oauth/token",
                                        "\"https://auth.acme-wiki.example/oauth/revoke\"",
                                        "[\"wiki.read\",\"wiki.write\"]",
                                        "\"CLIENT_SECRET_POST\"")))
                .with(manager(ws)));
        assertThat(started.getStatus()).as(started.getContentAsString()).isEqualTo(200);
        OpenApiDocumentTest.assertMatches("AuthorizationStart", started.getContentAsString());
        assertThat(started.getContentAsString())
                .doesNotContain(OAuthTestHost.CLIENT_SECRET)
                .doesNotContain("client_secret");
        URI url = URI.create(read(started.getContentAsString(), "$.authorizationUrl"));
        assertThat(url.toString())
                .startsWith("https://auth.acme-wiki.example/oauth/authorize?")
                .contains("code_challenge=", "client_id=" + OAuthTestHost.CLIENT_ID);
        // The app is made when the flow starts; the connection only by the callback.
        assertThat(hasApp(ws, "Acme Wiki")).isTrue();
        String app = customAppId("Acme Wiki");
        assertThat(connectionsOf(ws, app)).isEmpty();

        MockHttpServletResponse back = callback(ws, url, provider.approve(url));
        String id =
                read(call(get("/apps/{app}/connections", app).with(manager(ws))).getContentAsString(), "$.items[0].id");
        assertThat(back.getRedirectedUrl())
                .isEqualTo("/settings/connections#/apps/" + app + "?oauth=connected&connection=" + id);
        String connection = call(get("/connections/{id}", id).with(manager(ws))).getContentAsString();
        assertThat(read(connection, "$.name")).isEqualTo("Team wiki");
        assertThat(read(connection, "$.kind")).isEqualTo("oauth");
        assertThat(read(connection, "$.integrationId")).isEqualTo(app);
        assertThat(read(connection, "$.default")).isEqualTo("true");
        assertThat(read(connection, "$.oauth.grantType")).isEqualTo("AUTHORIZATION_CODE");
        assertThat(JsonPath.<List<String>>read(connection, "$.oauth.scopes"))
                .containsExactly("wiki.read", "wiki.write");
        OpenApiDocumentTest.assertMatches("Connection", connection);

        String token = connections
                .resolveDefault(WorkspaceId.of(ws), IntegrationId.of(app))
                .withKey(Secret::reveal);
        assertThat(provider.accepts(token)).isTrue();
        TOKENS_SEEN.add(token);

        // A second connection to the same app, same definition: reused, not another app.
        MockHttpServletResponse second =
                call(post(PATH, body("Acme Wiki", "Wiki two", sameOAuth2())).with(manager(ws)));
        assertThat(second.getStatus()).as(second.getContentAsString()).isEqualTo(200);
        URI secondUrl = URI.create(read(second.getContentAsString(), "$.authorizationUrl"));
        callback(ws, secondUrl, provider.approve(secondUrl));
        assertThat(connectionsOf(ws, app)).hasSize(2);
    }

    @Test
    void eachBadFieldIsNamedByTheRequestAndNothingIsStored() throws Exception {
        String ws = workspace();
        String ok = "https://auth.acme-wiki.example/oauth/authorize";
        String token = "https://auth.acme-wiki.example/oauth/token";
        assertFields(ws, body(" ", "Team wiki", oauth2(ok, token, "null", "[]", "null")), "appName");
        assertFields(ws, body("Acme Wiki", " ", oauth2(ok, token, "null", "[]", "null")), "name");
        assertFields(
                ws,
                "{\"appName\":\"Acme Wiki\",\"baseUrl\":\"https://10.0.0.7/api\",\"name\":\"w\",\"oauth2\":"
                        + oauth2(ok, token, "null", "[]", "null") + "}",
                "baseUrl");
        assertFields(
                ws,
                "{\"appName\":\"Acme Wiki\",\"baseUrl\":\"https://api.acme-wiki.example\",\"name\":\"w\","
                        + "\"auth\":{\"type\":\"BASIC\",\"username\":\"u\"},\"oauth2\":"
                        + oauth2(ok, token, "null", "[]", "null") + "}",
                "auth.type");
        assertFields(
                ws,
                body("Acme Wiki", "w", oauth2("http://127.0.0.1/authorize", token, "null", "[]", "null")),
                "oauth2.authorizationUrl");
        assertFields(
                ws,
                body("Acme Wiki", "w", oauth2(ok, "https://169.254.169.254/token", "null", "[]", "null")),
                "oauth2.tokenUrl");
        assertFields(
                ws,
                body("Acme Wiki", "w", oauth2(ok, token, "\"https://192.168.1.4/revoke\"", "[]", "null")),
                "oauth2.revocationUrl");
        assertFields(
                ws, body("Acme Wiki", "w", oauth2(ok, token, "null", "[\"wiki read\\\"\"]", "null")), "oauth2.scopes");
        assertFields(
                ws,
                body("Acme Wiki", "w", oauth2(ok, token, "null", "[]", "\"PRIVATE_KEY_JWT\"")),
                "oauth2.clientAuthentication");
        // No OAuth part at all: both endpoints are named, the request is not taken for a key connection.
        assertFields(
                ws,
                "{\"appName\":\"Acme Wiki\",\"baseUrl\":\"https://api.acme-wiki.example\",\"name\":\"w\"}",
                "oauth2.authorizationUrl",
                "oauth2.tokenUrl");
        // The host registered no client for this app.
        assertFields(ws, body("Unregistered Wiki", "w", sameOAuth2()), "oauth2");

        assertThat(hasApp(ws, "Acme Wiki"))
                .as("no app was made by a refused start")
                .isFalse();
        assertThat(hasApp(ws, "Unregistered Wiki")).isFalse();
        assertThat(JsonPath.<List<Object>>read(
                        call(get("/apps").with(manager(ws))).getContentAsString(), "$.items"))
                .isEmpty();

        // Another definition under a name the workspace already uses is an appName error, before leaving.
        MockHttpServletResponse first =
                call(post(PATH, body("Acme Wiki", "Team wiki", sameOAuth2())).with(manager(ws)));
        assertThat(first.getStatus()).as(first.getContentAsString()).isEqualTo(200);
        assertFields(ws, body("Acme Wiki", "w", oauth2(ok, token, "null", "[\"admin\"]", "null")), "appName");
        assertThat(hasApp(ws, "Acme Wiki")).isTrue();
        assertThat(connectionsOf(ws, customAppId("Acme Wiki"))).isEmpty();
        assertThat(JsonPath.<List<Object>>read(
                        call(get("/apps").with(manager(ws))).getContentAsString(), "$.items"))
                .isEmpty();
    }

    @Test
    void viewersAndWritesWithoutTheCsrfTokenAreRefused() throws Exception {
        String ws = workspace();
        assertThat(call(post(PATH, body("Acme Wiki", "w", sameOAuth2())).with(viewer(ws)))
                        .getStatus())
                .isEqualTo(403);
        assertThat(call(MockMvcRequestBuilders.post(API + PATH)
                                .contentType("application/json")
                                .content(body("Acme Wiki", "w", sameOAuth2()))
                                .with(manager(ws)))
                        .getStatus())
                .isEqualTo(403);
        assertThat(hasApp(ws, "Acme Wiki")).isFalse();
    }

    private void assertFields(String ws, String json, String... expected) throws Exception {
        MockHttpServletResponse refused = call(post(PATH, json).with(manager(ws)));
        assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(400);
        assertThat(fields(refused).stream().distinct())
                .as(refused.getContentAsString())
                .containsExactlyInAnyOrder(expected);
        assertThat(refused.getContentType()).startsWith("application/problem+json");
    }

    private static String body(String appName, String name, String oauth2) {
        return "{\"appName\":\"" + appName + "\",\"baseUrl\":\"https://api.acme-wiki.example\",\"name\":\"" + name
                + "\",\"oauth2\":" + oauth2 + "}";
    }

    private static String sameOAuth2() {
        return oauth2(
                "https://auth.acme-wiki.example/oauth/authorize",
                "https://auth.acme-wiki.example/oauth/token",
                "\"https://auth.acme-wiki.example/oauth/revoke\"",
                "[\"wiki.read\",\"wiki.write\"]",
                "\"CLIENT_SECRET_POST\"");
    }

    /** The oauth2 object; revocation, scopes and client authentication are raw JSON values. */
    private static String oauth2(
            String authorizationUrl, String tokenUrl, String revocation, String scopes, String clientAuthentication) {
        return "{\"authorizationUrl\":\"" + authorizationUrl + "\",\"tokenUrl\":\"" + tokenUrl
                + "\",\"revocationUrl\":" + revocation + ",\"scopes\":" + scopes + ",\"clientAuthentication\":"
                + clientAuthentication + "}";
    }

    private MockHttpServletResponse callback(String ws, URI url, String code) throws Exception {
        MockHttpServletResponse back = call(MockMvcRequestBuilders.get(API + "/oauth/callback")
                .param("state", state(url))
                .param("code", code)
                .with(manager(ws)));
        assertThat(back.getStatus()).isEqualTo(303);
        return back;
    }

    /**
     * The id the core gives a custom app named {@code name} (its slug and a hash of its name key; see
     * AppDirectory.customAppId), for ASCII names such as the ones used here.
     */
    private static String customAppId(String name) throws Exception {
        String key = NameRules.key(name);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        return "custom-" + key.replaceAll("[^a-z0-9]+", "-") + "-"
                + HexFormat.of().formatHex(hash, 0, 4);
    }

    /** Whether the workspace has the custom app named {@code name}. */
    private boolean hasApp(String ws, String name) throws Exception {
        int status = call(get("/integrations/{id}", customAppId(name)).with(manager(ws)))
                .getStatus();
        assertThat(status).isIn(200, 404);
        return status == 200;
    }

    private List<String> connectionsOf(String ws, String app) throws Exception {
        return JsonPath.read(
                call(get("/apps/{app}/connections", app).with(manager(ws))).getContentAsString(), "$.items[*].id");
    }

    private static String state(URI url) {
        return TckOAuthProvider.queryParameter(url, "state");
    }
}
