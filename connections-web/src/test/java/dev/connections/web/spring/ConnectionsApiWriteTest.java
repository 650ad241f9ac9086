package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import com.jayway.jsonpath.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** The API's writes: add (catalog, custom), rename, replace key, set default, delete, test, import. */
class ConnectionsApiWriteTest extends ApiTestSupport {

    // ---- add --------------------------------------------------------------------------------------

    @Test
    void addStoresTheConnectionAndAnswers201WithLocationETagAndOnlyTheKeyHint() throws Exception {
        String ws = workspace();
        MockHttpServletResponse response = call(post(
                        "/apps/algolia/connections",
                        "{\"name\":\"Search\",\"apiKey\":\"" + KEY + "\",\"settings\":{\"applicationId\":\"APP1\"}}")
                .with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(201);
        String body = response.getContentAsString();
        String id = read(body, "$.id");
        assertThat(response.getHeader("Location")).endsWith(API + "/connections/" + id);
        assertThat(response.getHeader("ETag")).isEqualTo("\"1\"");
        assertThat(read(body, "$.default")).isEqualTo("true");
        assertThat(read(body, "$.settings.applicationId")).isEqualTo("APP1");
        assertThat(read(body, "$.keyHint")).isEqualTo("…0042");
        assertThat(body).doesNotContain("apiKey");

        String stored = call(get("/connections/{id}", id).with(manager(ws))).getContentAsString();
        assertThat(read(stored, "$.name")).isEqualTo("Search");
    }

    @Test
    void theLocationHonoursTheContextPathAndUnknownFieldsAreIgnored() throws Exception {
        String ws = workspace();
        MockHttpServletResponse response = call(MockMvcRequestBuilders.post("/host" + API + "/apps/openai/connections")
                .contextPath("/host")
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"Main\",\"apiKey\":\"" + KEY + "\",\"colour\":\"blue\"}")
                .with(manager(ws)));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        assertThat(response.getHeader("Location"))
                .isEqualTo(
                        "http://localhost/host" + API + "/connections/" + read(response.getContentAsString(), "$.id"));
    }

    @Test
    void addReportsEveryProblemOfEveryFieldAndStoresNothing() throws Exception {
        String ws = workspace();
        MockHttpServletResponse response = call(post(
                        "/apps/algolia/connections",
                        "{\"name\":\"" + "n".repeat(101) + "\",\"apiKey\":\"\",\"settings\":{\"nope\":\"x\"}}")
                .with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(read(response.getContentAsString(), "$.type")).isEqualTo("about:blank");
        assertThat(read(response.getContentAsString(), "$.title")).isEqualTo("Bad Request");
        assertThat(fields(response)).contains("name", "apiKey", "settings.nope", "settings.applicationId");
        assertThat(JsonPath.<List<String>>read(response.getContentAsString(), "$.errors[*].message"))
                .allMatch(message -> !message.isBlank());
        assertNothingStored(ws, "algolia");
    }

    @Test
    void aKeyWithAnInvisibleCharacterIsRefusedOnTheApiKeyField() throws Exception {
        String ws = workspace();
        MockHttpServletResponse response = call(post(
                        "/apps/openai/connections",
                        "{\"name\":\"Main\",\"apiKey\":\"sk-valid-" + CANARY + "\\u200babcdefghij0042\"}")
                .with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("apiKey");
        assertNothingStored(ws, "openai");
    }

    @Test
    void aTakenNameIsAConflictOnTheNameField() throws Exception {
        String ws = workspace();
        addOpenAi(ws, "Main");
        MockHttpServletResponse response =
                call(post("/apps/openai/connections", "{\"name\":\"main\",\"apiKey\":\"" + KEY + "\"}")
                        .with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(fields(response)).containsExactly("name");
    }

    @Test
    void addToAnUnknownAppIsNotFound() throws Exception {
        MockHttpServletResponse response =
                call(post("/apps/no-such-app/connections", "{\"name\":\"Main\",\"apiKey\":\"" + KEY + "\"}")
                        .with(manager(workspace())));
        assertThat(response.getStatus()).isEqualTo(404);
    }

    @Test
    void malformedJsonAMissingBodyAndAWrongMediaTypeAreBadInputThatNeverRepeatsTheBody() throws Exception {
        String ws = workspace();
        MockHttpServletResponse malformed =
                call(post("/apps/openai/connections", "{\"name\":\"Main\",\"apiKey\": " + KEY + "}")
                        .with(manager(ws)));
        assertThat(malformed.getStatus()).isEqualTo(400);
        assertThat(fields(malformed)).containsExactly("body");

        MockHttpServletResponse missing = call(MockMvcRequestBuilders.post(API + "/apps/openai/connections")
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .with(manager(ws)));
        assertThat(missing.getStatus()).isEqualTo(400);

        MockHttpServletResponse wrongShape =
                call(post("/apps/openai/connections", "{\"name\":[\"Main\"],\"apiKey\":\"" + KEY + "\"}")
                        .with(manager(ws)));
        assertThat(wrongShape.getStatus()).isEqualTo(400);

        MockHttpServletResponse text = call(MockMvcRequestBuilders.post(API + "/apps/openai/connections")
                .with(csrf())
                .contentType(MediaType.TEXT_PLAIN)
                .content("name=Main")
                .with(manager(ws)));
        assertThat(text.getStatus()).isEqualTo(415);
        assertNothingStored(ws, "openai");
    }

    @Test
    void addCustomCreatesTheAppAndItsConnection() throws Exception {
        String ws = workspace();
        MockHttpServletResponse response = call(post(
                        "/custom-connections",
                        """
                        {"appName":"Acme CRM","baseUrl":"https://api.acme.example","auth":{"type":"HEADER",
                         "headerName":"X-Api-Key","prefix":""},"probePath":"/v1/me","settings":{"region":"eu"},
                         "name":"Production","apiKey":"%s"}"""
                                .formatted(KEY))
                .with(manager(ws)));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        String app = read(response.getContentAsString(), "$.integrationId");
        assertThat(app).startsWith("custom-");
        assertThat(response.getHeader("ETag")).isEqualTo("\"1\"");

        String apps = call(get("/apps").with(manager(ws))).getContentAsString();
        assertThat(read(apps, "$.items[0].custom")).isEqualTo("true");
        assertThat(read(apps, "$.items[0].name")).isEqualTo("Acme CRM");
        String detail = call(get("/integrations/{id}", app).with(manager(ws))).getContentAsString();
        assertThat(read(detail, "$.custom")).isEqualTo("true");
    }

    @Test
    void addCustomNamesTheRealReasonForAMetadataAddressAndTheRequestsOwnFields() throws Exception {
        String ws = workspace();
        MockHttpServletResponse response = call(post(
                        "/custom-connections",
                        """
                        {"appName":"Meta","baseUrl":"https://169.254.169.254","auth":{"type":"HEADER","headerName":""},
                         "name":"","apiKey":"%s"}"""
                                .formatted(KEY))
                .with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(fields(response)).contains("baseUrl", "auth.headerName", "name");
        assertThat(fields(response)).doesNotContain("connectionName", "keyName");
        String baseUrl = JsonPath.<List<String>>read(
                        response.getContentAsString(), "$.errors[?(@.field == 'baseUrl')].message")
                .toString();
        assertThat(baseUrl).containsIgnoringCase("link-local");
        assertThat(call(get("/apps").with(manager(ws))).getContentAsString()).contains("\"total\":0");

        MockHttpServletResponse badType = call(post(
                        "/custom-connections",
                        """
                        {"appName":"Acme","baseUrl":"https://api.acme.example","auth":{"type":"COOKIE"},
                         "name":"P","apiKey":"%s"}"""
                                .formatted(KEY))
                .with(manager(ws)));
        assertThat(badType.getStatus()).isEqualTo(400);
        assertThat(fields(badType)).containsExactly("auth.type");
    }

    // ---- edit -------------------------------------------------------------------------------------

    @Test
    void editRenamesOrReplacesTheKeyAgainstTheVersionInIfMatch() throws Exception {
        String ws = workspace();
        String added = addOpenAi(ws, "Main");
        String id = read(added, "$.id");

        MockHttpServletResponse renamed = call(patch("/connections/{id}", "{\"name\":\"Renamed\"}", id)
                .header("If-Match", etag(added))
                .with(manager(ws)));
        assertThat(renamed.getStatus()).isEqualTo(200);
        assertThat(read(renamed.getContentAsString(), "$.name")).isEqualTo("Renamed");
        assertThat(renamed.getHeader("ETag")).isEqualTo("\"2\"");

        MockHttpServletResponse rekeyed =
                call(patch("/connections/{id}", "{\"apiKey\":\"sk-valid-" + CANARY + "zyxwvutsrq9999\"}", id)
                        .header("If-Match", renamed.getHeader("ETag"))
                        .with(manager(ws)));
        assertThat(rekeyed.getStatus()).isEqualTo(200);
        assertThat(read(rekeyed.getContentAsString(), "$.keyHint")).isEqualTo("…9999");
        assertThat(rekeyed.getHeader("ETag")).isEqualTo("\"3\"");
    }

    @Test
    void editWithoutIfMatchIs428AndWithAStaleOneIs412AndNothingChanges() throws Exception {
        String ws = workspace();
        String added = addOpenAi(ws, "Main");
        String id = read(added, "$.id");

        MockHttpServletResponse missing =
                call(patch("/connections/{id}", "{\"name\":\"Other\"}", id).with(manager(ws)));
        assertThat(missing.getStatus()).isEqualTo(428);
        assertThat(missing.getContentType()).startsWith("application/problem+json");

        MockHttpServletResponse stale = call(patch("/connections/{id}", "{\"name\":\"Other\"}", id)
                .header("If-Match", "\"7\"")
                .with(manager(ws)));
        assertThat(stale.getStatus()).isEqualTo(412);

        MockHttpServletResponse malformed = call(patch("/connections/{id}", "{\"name\":\"Other\"}", id)
                .header("If-Match", "*")
                .with(manager(ws)));
        assertThat(malformed.getStatus()).isEqualTo(400);
        assertThat(fields(malformed)).containsExactly("If-Match");

        String stored = call(get("/connections/{id}", id).with(manager(ws))).getContentAsString();
        assertThat(read(stored, "$.name")).isEqualTo("Main");
        assertThat(read(stored, "$.version")).isEqualTo("1");
    }

    @Test
    void editTakesExactlyOneChangeAndReportsABadNameOnItsField() throws Exception {
        String ws = workspace();
        String added = addOpenAi(ws, "Main");
        String id = read(added, "$.id");
        MockHttpServletResponse neither = call(patch("/connections/{id}", "{}", id)
                .header("If-Match", etag(added))
                .with(manager(ws)));
        assertThat(neither.getStatus()).isEqualTo(400);
        MockHttpServletResponse both =
                call(patch("/connections/{id}", "{\"name\":\"X\",\"apiKey\":\"" + KEY + "\"}", id)
                        .header("If-Match", etag(added))
                        .with(manager(ws)));
        assertThat(both.getStatus()).isEqualTo(400);
        MockHttpServletResponse blank = call(patch("/connections/{id}", "{\"name\":\"  \"}", id)
                .header("If-Match", etag(added))
                .with(manager(ws)));
        assertThat(blank.getStatus()).isEqualTo(400);
        assertThat(fields(blank)).containsExactly("name");
        MockHttpServletResponse badKey = call(patch("/connections/{id}", "{\"apiKey\":\"not-openai\"}", id)
                .header("If-Match", etag(added))
                .with(manager(ws)));
        assertThat(badKey.getStatus()).isEqualTo(400);
        assertThat(fields(badKey)).containsExactly("apiKey");
        assertThat(read(call(get("/connections/{id}", id).with(manager(ws))).getContentAsString(), "$.version"))
                .isEqualTo("1");
    }

    // ---- default ----------------------------------------------------------------------------------

    @Test
    void setDefaultMovesTheBadgeAgainstTheVersionInIfMatch() throws Exception {
        String ws = workspace();
        String first = addOpenAi(ws, "First");
        String second = addOpenAi(ws, "Second");
        String id = read(second, "$.id");

        assertThat(call(post("/connections/{id}/default", "", id).with(manager(ws)))
                        .getStatus())
                .isEqualTo(428);
        assertThat(call(post("/connections/{id}/default", "", id)
                                .header("If-Match", "\"9\"")
                                .with(manager(ws)))
                        .getStatus())
                .isEqualTo(412);

        MockHttpServletResponse response = call(post("/connections/{id}/default", "", id)
                .header("If-Match", etag(second))
                .with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(read(response.getContentAsString(), "$.default")).isEqualTo("true");
        assertThat(response.getHeader("ETag")).isEqualTo("\"2\"");
        String old = call(get("/connections/{id}", read(first, "$.id")).with(manager(ws)))
                .getContentAsString();
        assertThat(read(old, "$.default")).isEqualTo("false");
    }

    // ---- delete -----------------------------------------------------------------------------------

    @Test
    void deletingTheDefaultSaysWhichConnectionBecameTheDefault() throws Exception {
        String ws = workspace();
        String first = addOpenAi(ws, "First");
        String second = addOpenAi(ws, "Second");
        String id = read(first, "$.id");

        assertThat(call(delete("/connections/{id}", id).with(manager(ws))).getStatus())
                .isEqualTo(428);
        assertThat(call(delete("/connections/{id}", id)
                                .header("If-Match", "\"5\"")
                                .with(manager(ws)))
                        .getStatus())
                .isEqualTo(412);

        MockHttpServletResponse response = call(
                delete("/connections/{id}", id).header("If-Match", etag(first)).with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(read(response.getContentAsString(), "$.deleted")).isEqualTo(id);
        assertThat(read(response.getContentAsString(), "$.newDefault.id")).isEqualTo(read(second, "$.id"));
        assertThat(read(response.getContentAsString(), "$.newDefault.default")).isEqualTo("true");
        assertThat(call(get("/connections/{id}", id).with(manager(ws))).getStatus())
                .isEqualTo(404);
    }

    @Test
    void deletingAnotherConnectionLeavesTheDefaultAndSaysNoNewDefault() throws Exception {
        String ws = workspace();
        addOpenAi(ws, "First");
        String second = addOpenAi(ws, "Second");
        MockHttpServletResponse response = call(delete("/connections/{id}", read(second, "$.id"))
                .header("If-Match", etag(second))
                .with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(JsonPath.<Object>read(response.getContentAsString(), "$.newDefault"))
                .isNull();
    }

    // ---- test -------------------------------------------------------------------------------------

    @Test
    void testChecksTheKeyAndTheConnectionShowsTheResult() throws Exception {
        String ws = workspace();
        String good = read(addOpenAi(ws, "Good"), "$.id");
        MockHttpServletResponse valid =
                call(post("/connections/{id}/test", "", good).with(manager(ws)));
        assertThat(valid.getStatus()).isEqualTo(200);
        assertThat(read(valid.getContentAsString(), "$.state")).isEqualTo("VALID");
        assertThat(read(valid.getContentAsString(), "$.checkedAt")).isNotBlank();

        String bad = read(
                call(post("/apps/openai/connections", "{\"name\":\"Bad\",\"apiKey\":\"" + REJECTED_KEY + "\"}")
                                .with(manager(ws)))
                        .getContentAsString(),
                "$.id");
        MockHttpServletResponse invalid =
                call(post("/connections/{id}/test", "", bad).with(manager(ws)));
        assertThat(read(invalid.getContentAsString(), "$.state")).isEqualTo("INVALID");
        assertThat(read(invalid.getContentAsString(), "$.reason")).contains("401");
        String shown = call(get("/connections/{id}", bad).with(manager(ws))).getContentAsString();
        assertThat(read(shown, "$.status.state")).isEqualTo("INVALID");
    }

    // ---- import -----------------------------------------------------------------------------------

    @Test
    void importAddsEveryConnectionInOrder() throws Exception {
        String ws = workspace();
        MockHttpServletResponse response = call(post(
                        "/imports",
                        """
                        {"items":[{"integrationId":"openai","name":"One","apiKey":"%s"},
                                  {"integrationId":"algolia","name":"Two","apiKey":"%s",
                                   "settings":{"applicationId":"APP"}}]}"""
                                .formatted(KEY, KEY))
                .with(manager(ws)));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        assertThat(JsonPath.<List<String>>read(response.getContentAsString(), "$.items[*].name"))
                .containsExactly("One", "Two");
        assertThat(read(call(get("/apps").with(manager(ws))).getContentAsString(), "$.total"))
                .isEqualTo("2");
    }

    @Test
    void importReportsProblemsPerItemAndStoresNothing() throws Exception {
        String ws = workspace();
        MockHttpServletResponse response = call(post(
                        "/imports",
                        """
                        {"items":[{"integrationId":"openai","name":"One","apiKey":"%s"},
                                  {"integrationId":"openai","name":"Two","apiKey":"nope"},
                                  {"integrationId":"no-such-app","name":"Three","apiKey":"%s"}]}"""
                                .formatted(KEY, KEY))
                .with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(fields(response)).contains("items[1].apiKey", "items[2].integrationId");
        assertNothingStored(ws, "openai");

        MockHttpServletResponse malformedId = call(post(
                        "/imports",
                        """
                        {"items":[{"integrationId":"Not A Slug","name":"One","apiKey":"%s"}, null]}"""
                                .formatted(KEY))
                .with(manager(ws)));
        assertThat(malformedId.getStatus()).isEqualTo(400);
        assertThat(fields(malformedId)).containsExactly("items[0].integrationId", "items[1].integrationId");

        MockHttpServletResponse empty = call(post("/imports", "{\"items\":[]}").with(manager(ws)));
        assertThat(empty.getStatus()).isEqualTo(400);
        assertThat(fields(empty)).containsExactly("items");
        assertNothingStored(ws, "openai");
    }

    private void assertNothingStored(String ws, String app) throws Exception {
        String list =
                call(get("/apps/{app}/connections", app).with(manager(ws))).getContentAsString();
        assertThat(JsonPath.<List<Object>>read(list, "$.items")).isEmpty();
    }
}
