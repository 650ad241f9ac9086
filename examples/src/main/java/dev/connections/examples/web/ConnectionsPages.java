package dev.connections.examples.web;

import dev.connections.Connections;
import dev.connections.catalog.Integration;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NewConnection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.NoConnectionException;
import dev.connections.error.StaleConnectionException;
import dev.connections.examples.web.Views.AppView;
import dev.connections.examples.web.Views.ConnectionRow;
import dev.connections.examples.web.Views.FormState;
import dev.connections.examples.web.Views.Notice;
import dev.connections.examples.web.Views.SettingField;
import dev.connections.examples.web.Views.TestResult;
import dev.connections.examples.web.Views.TriggerView;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.secret.Secret;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Settings › Connections pages: every route of the reference UI, each a thin translation between
 * HTTP and one call of the {@link Connections} facade.
 *
 * <p>Every form answers with a redirect (post/redirect/get), so the address bar never shows a POST
 * address and Back never asks to send a form again: a change leaves a notice, rejected input leaves a
 * {@link FormFlash} with what was typed and the library's field messages, and the page it redirects to
 * opens the popup with them. API keys are read from the request, handed to the library and never put
 * in a model, a notice, a flash, a URL or a log line.
 */
final class ConnectionsPages {
    /** How many apps "Your connected apps" shows before "See all". */
    static final int CONNECTED_APPS_SHOWN = 6;

    private static final String NOTICE = "flash-notice";
    private static final String TRIGGER = "flash-trigger";
    private static final String TESTED = "flash-tested";
    private static final String ADD_DIALOG = "add-dialog";
    private static final String CUSTOM_FORM = "custom";
    /** The custom form's fields besides the key, in form order. */
    private static final List<String> CUSTOM_FIELDS = List.of(
            "appName", "baseUrl", "authType", "keyName", "keyPrefix", "basicUsername", "probePath", "connectionName");

    private final Connections connections;

    ConnectionsPages(Connections connections) {
        this.connections = connections;
    }

    void register(Javalin app) {
        app.get("/", ctx -> ctx.redirect(DemoWorkspace.ALL.get(0).base()));
        app.get("/w/{ws}", ctx -> ctx.redirect(workspace(ctx).base()));
        app.get("/w/{ws}/settings/connections", this::overview);
        app.get("/w/{ws}/settings/connections/apps", this::allConnectedApps);
        app.get("/w/{ws}/settings/connections/integrations", this::integrationList);
        app.get("/w/{ws}/settings", ctx -> ctx.redirect(workspace(ctx).base()));
        app.get("/w/{ws}/settings/connections/custom", this::customForm);
        app.post("/w/{ws}/settings/connections/custom", this::addCustom);
        app.get("/w/{ws}/settings/connections/apps/{app}", this::appPage);
        app.post("/w/{ws}/settings/connections/apps/{app}/connections", this::add);
        app.post("/w/{ws}/settings/connections/apps/{app}/connections/{id}/edit", ctx -> onConnection(ctx, this::edit));
        app.post(
                "/w/{ws}/settings/connections/apps/{app}/connections/{id}/default",
                ctx -> onConnection(ctx, this::setDefault));
        app.post(
                "/w/{ws}/settings/connections/apps/{app}/connections/{id}/delete",
                ctx -> onConnection(ctx, this::delete));
        app.post(
                "/w/{ws}/settings/connections/apps/{app}/connections/{id}/test",
                ctx -> onConnection(ctx, this::testConnection));
        app.post("/w/{ws}/settings/connections/apps/{app}/test-trigger", this::testTrigger);
    }

    // ---- pages ----------------------------------------------------------------------------------

    private void overview(Context ctx) {
        DemoWorkspace ws = workspace(ctx);
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("");
        List<ConnectedApp> all = busiestFirst(connections.connectedApps(ws.id()));
        Map<String, Object> model = model(ctx, ws, "Connections");
        model.put("connectedApps", connectedViews(all.subList(0, Math.min(CONNECTED_APPS_SHOWN, all.size()))));
        model.put("connectedTotal", all.size());
        model.put("query", query);
        model.put("matches", matches(ws, query));
        ctx.render("connections", model);
    }

    private void allConnectedApps(Context ctx) {
        DemoWorkspace ws = workspace(ctx);
        Map<String, Object> model = model(ctx, ws, "Your connected apps");
        model.put("connectedApps", connectedViews(busiestFirst(connections.connectedApps(ws.id()))));
        ctx.render("connected-apps", model);
    }

    /** The result list alone, for search-as-you-type. */
    private void integrationList(Context ctx) {
        DemoWorkspace ws = workspace(ctx);
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("");
        Map<String, Object> model = model(ctx, ws, "Explore all integrations");
        model.put("query", query);
        model.put("matches", matches(ws, query));
        ctx.render("integration-list", model);
    }

    private void appPage(Context ctx) {
        DemoWorkspace ws = workspace(ctx);
        Integration app = integration(ctx, ws);
        Map<String, Object> model = model(ctx, ws, app.displayName());
        List<Connection> list = connections.connections(ws.id(), app.id());
        model.put("app", AppView.of(app, list.size()));
        model.put("appUrl", ws.base() + "/apps/" + app.id().value());
        model.put("sentAs", app.credentials().placement().describe());
        model.put(
                "docsUrl",
                app.credentials().docsUrl() == null
                        ? null
                        : app.credentials().docsUrl().toString());
        model.put("keyFormatHint", app.credentials().keyFormatHint());
        Map<ConnectionId, ConnectionStatus> statuses = connections.statuses(ws.id(), app.id());
        Instant now = Instant.now();
        List<ConnectionRow> rows = list.stream()
                .map(c -> ConnectionRow.of(
                        c, statuses.getOrDefault(c.id(), ConnectionStatus.UNKNOWN), app.displayName(), now))
                .toList();
        model.put("rows", rows);
        // The library's rule (default connection's key rejected at its last check), not the page's own.
        boolean needsAttention = connections.connectedApps(ws.id()).stream()
                .anyMatch(a -> a.integration().id().equals(app.id()) && a.needsAttention());
        model.put(
                "attentionFor",
                needsAttention
                        ? rows.stream()
                                .filter(ConnectionRow::isDefault)
                                .map(ConnectionRow::name)
                                .findFirst()
                                .orElse(null)
                        : null);
        TestResult tested = ctx.consumeSessionAttribute(TESTED);
        model.put("tested", tested);
        model.put(
                "settings",
                app.credentials().settings().stream().map(SettingField::of).toList());
        ctx.render("app", model);
    }

    private void customForm(Context ctx) {
        DemoWorkspace ws = workspace(ctx);
        Map<String, Object> model = model(ctx, ws, "Custom connection");
        // "Add a custom connection" from a search without matches brings the name that was searched for.
        model.put(
                "suggestedAppName",
                Optional.ofNullable(ctx.queryParam("appName")).orElse(""));
        ctx.render("custom", model);
    }

    // ---- changes ------------------------------------------------------------------------------

    private void add(Context ctx) {
        DemoWorkspace ws = workspace(ctx);
        Integration app = integration(ctx, ws);
        String name = param(ctx, "name");
        Map<String, String> settings = new LinkedHashMap<>();
        app.credentials().settings().forEach(spec -> {
            String value = param(ctx, "settings." + spec.name()).strip();
            if (!value.isEmpty()) {
                settings.put(spec.name(), value);
            }
        });
        // The key arrives as a String (servlet form parsing); it goes straight into a Secret and the
        // library, and the Secret is wiped afterwards.
        try (Secret key = Secret.of(param(ctx, "apiKey"))) {
            Connection added = connections.addConnection(ws.id(), new NewConnection(app.id(), name, key, settings));
            notice(ctx, Notice.success("Connection “" + added.name() + "” added to " + app.displayName() + "."));
            seeOther(ctx, appUrl(ws, app.id()));
        } catch (ConnectionValidationException e) {
            Map<String, String> typed = new HashMap<>();
            typed.put("name", name);
            settings.forEach((k, v) -> typed.put("settings." + k, v));
            rejected(ctx, appUrl(ws, app.id()), new FormState(ADD_DIALOG, typed, e.fieldErrors()));
        }
    }

    private void edit(Context ctx, DemoWorkspace ws, Integration app, Connection current) {
        long version = version(ctx);
        String typedName = param(ctx, "name");
        String newName = typedName.strip().equals(current.name()) ? null : typedName;
        boolean replaceKey = "true".equals(ctx.formParam("replaceKey"));
        try (Secret newKey = replaceKey ? Secret.of(param(ctx, "apiKey")) : null) {
            if (newName == null && newKey == null) {
                notice(ctx, Notice.success("Nothing to save: “" + current.name() + "” is unchanged."));
            } else {
                Connection saved =
                        connections.editConnection(ws.id(), current.id(), ConnectionEdit.of(version, newName, newKey));
                notice(ctx, Notice.success(describeEdit(saved, newName != null, newKey != null)));
            }
            seeOther(ctx, appUrl(ws, app.id()));
        } catch (ConnectionValidationException e) {
            String dialog = ConnectionRow.of(current).editDialog();
            Map<String, String> typed = Map.of("name", typedName, "replaceKey", String.valueOf(replaceKey));
            rejected(ctx, appUrl(ws, app.id()), new FormState(dialog, typed, e.fieldErrors()));
        } catch (StaleConnectionException e) {
            notice(ctx, staleNotice(latest(ws, current), "saved"));
            seeOther(ctx, appUrl(ws, app.id()));
        }
    }

    private void setDefault(Context ctx, DemoWorkspace ws, Integration app, Connection current) {
        Connection now = connections.setDefault(ws.id(), current.id());
        notice(
                ctx,
                Notice.success("“" + now.name() + "” is now the default connection for " + app.displayName() + "."));
        seeOther(ctx, appUrl(ws, app.id()));
    }

    private void delete(Context ctx, DemoWorkspace ws, Integration app, Connection current) {
        try {
            connections.deleteConnection(ws.id(), current.id(), version(ctx));
            notice(ctx, Notice.success("“" + current.name() + "” was deleted."));
        } catch (StaleConnectionException e) {
            notice(ctx, staleNotice(latest(ws, current), "deleted"));
        }
        seeOther(ctx, appUrl(ws, app.id()));
    }

    /** "Test": checks the stored key against the app's API and leaves the verdict for the connection's row. */
    private void testConnection(Context ctx, DemoWorkspace ws, Integration app, Connection current) {
        Verification verification = connections.verifyConnection(ws.id(), current.id());
        ctx.sessionAttribute(TESTED, TestResult.of(current.id().toString(), app.displayName(), verification));
        seeOther(ctx, appUrl(ws, app.id()) + "#connection-" + current.id());
    }

    private void testTrigger(Context ctx) {
        DemoWorkspace ws = workspace(ctx);
        Integration app = integration(ctx, ws);
        TriggerView result;
        try {
            ResolvedConnection resolved = connections.resolveDefault(ws.id(), app.id());
            result = new TriggerView(
                    app.displayName(),
                    resolved.connection().name(),
                    resolved.connection().keyHint(),
                    "Key sent as " + resolved.placement().describe()
                            + resolved.baseUrl().map(u -> " to " + u).orElse("") + ".");
        } catch (NoConnectionException e) {
            result = new TriggerView(
                    app.displayName(), null, null, "No connection to use: add one with “Add connection” first.");
        }
        ctx.sessionAttribute(TRIGGER, result);
        seeOther(ctx, appUrl(ws, app.id()));
    }

    private void addCustom(Context ctx) {
        DemoWorkspace ws = workspace(ctx);
        String customUrl = ws.base() + "/custom";
        Map<String, String> typed = new LinkedHashMap<>();
        for (String field : CUSTOM_FIELDS) {
            // The prefix keeps its spaces ("Bearer "); every other field is trimmed by the library.
            typed.put(field, param(ctx, field));
        }
        CustomConnectionSpec.AuthType authType;
        try {
            authType = CustomConnectionSpec.AuthType.valueOf(typed.get("authType"));
        } catch (IllegalArgumentException e) {
            rejected(
                    ctx,
                    customUrl,
                    new FormState(CUSTOM_FORM, typed, Map.of("authType", List.of("Choose how the key is sent."))));
            return;
        }
        try (Secret key = Secret.of(param(ctx, "apiKey"))) {
            CustomConnectionSpec.Builder spec = CustomConnectionSpec.builder()
                    .appName(typed.get("appName"))
                    .baseUrl(typed.get("baseUrl"))
                    .connectionName(typed.get("connectionName"))
                    .probePath(typed.get("probePath"))
                    .apiKey(key);
            switch (authType) {
                case HEADER -> spec.header(typed.get("keyName"), typed.get("keyPrefix"));
                case QUERY_PARAMETER -> spec.queryParameter(typed.get("keyName"));
                case BASIC_AUTH -> spec.basicAuth(typed.get("basicUsername"));
            }
            Connection added = connections.addCustomConnection(ws.id(), spec.build());
            notice(ctx, Notice.success("Custom connection “" + added.name() + "” added."));
            seeOther(ctx, appUrl(ws, added.integration()));
        } catch (ConnectionValidationException e) {
            rejected(ctx, customUrl, new FormState(CUSTOM_FORM, typed, e.fieldErrors()));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /**
     * The model every page shares: workspace menu, CSRF token, and what a redirect left for this page (a
     * notice, a rejected form).
     */
    private Map<String, Object> model(Context ctx, DemoWorkspace ws, String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("workspace", ws);
        model.put("workspaces", DemoWorkspace.ALL);
        model.put("base", ws.base());
        model.put("overviewPage", ctx.path().equals(ws.base()));
        model.put("csrf", Csrf.token(ctx));
        model.put("csrfField", Csrf.FIELD);
        FormState form = FormFlash.take(ctx);
        model.put("form", form);
        model.put("openDialog", form.dialog());
        Notice notice = ctx.consumeSessionAttribute(NOTICE);
        if (notice != null) {
            model.put("notice", notice);
        }
        TriggerView trigger = ctx.consumeSessionAttribute(TRIGGER);
        if (trigger != null) {
            model.put("trigger", trigger);
        }
        return model;
    }

    /**
     * Busiest apps first, so the overview's few places go to the apps in use: most connections first,
     * ties in the library's order (display name, case-insensitively; the sort is stable).
     */
    static List<ConnectedApp> busiestFirst(List<ConnectedApp> apps) {
        return apps.stream()
                .sorted(Comparator.comparingInt(ConnectedApp::connectionCount).reversed())
                .toList();
    }

    private List<AppView> connectedViews(List<ConnectedApp> apps) {
        return apps.stream()
                .map(a -> AppView.of(a.integration(), a.connectionCount(), a.needsAttention()))
                .toList();
    }

    private List<AppView> matches(DemoWorkspace ws, String query) {
        return connections.exploreIntegrations(ws.id(), query).stream()
                .map(m -> AppView.of(m.integration(), m.connected() ? 1 : 0))
                .toList();
    }

    static DemoWorkspace workspace(Context ctx) {
        return DemoWorkspace.find(ctx.pathParam("ws"))
                .orElseThrow(() -> new NotFoundResponse("There is no such workspace."));
    }

    private Integration integration(Context ctx, DemoWorkspace ws) {
        String raw = ctx.pathParam("app").toLowerCase(Locale.ROOT);
        try {
            return connections
                    .integration(ws.id(), IntegrationId.of(raw))
                    .orElseThrow(() -> new NotFoundResponse("There is no such app in this workspace."));
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse("There is no such app in this workspace.");
        }
    }

    /** A change to the connection in the URL of an app page. */
    @FunctionalInterface
    private interface ConnectionAction {
        void run(Context ctx, DemoWorkspace ws, Integration app, Connection current);
    }

    /**
     * Runs {@code action} on the connection in the URL. A connection that is gone, whether before the
     * action (stale link) or during it (deleted in another tab), gets the same notice.
     */
    private void onConnection(Context ctx, ConnectionAction action) {
        DemoWorkspace ws = workspace(ctx);
        Integration app = integration(ctx, ws);
        Optional<Connection> found = connectionOf(ctx, ws, app);
        if (found.isEmpty()) {
            goneNotice(ctx, ws, app);
            return;
        }
        try {
            action.run(ctx, ws, app, found.get());
        } catch (ConnectionNotFoundException e) {
            goneNotice(ctx, ws, app);
        }
    }

    /** The connection in the URL, if it exists in this workspace and belongs to this app. */
    private Optional<Connection> connectionOf(Context ctx, DemoWorkspace ws, Integration app) {
        ConnectionId id;
        try {
            id = ConnectionId.parse(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return connections.connection(ws.id(), id).filter(c -> c.integration().equals(app.id()));
    }

    private void goneNotice(Context ctx, DemoWorkspace ws, Integration app) {
        notice(ctx, Notice.problem("That connection no longer exists; it may have been deleted in another tab."));
        seeOther(ctx, appUrl(ws, app.id()));
    }

    /** The connection as it is now, for naming it after another tab changed it. */
    private Connection latest(DemoWorkspace ws, Connection seen) {
        return connections.connection(ws.id(), seen.id()).orElse(seen);
    }

    private static Notice staleNotice(Connection current, String verb) {
        return Notice.problem("This connection (now “" + current.name() + "”) was changed in another tab or window"
                + " since you opened it, so nothing was " + verb + ". The page now shows the latest version; please"
                + " try again.");
    }

    private static String describeEdit(Connection saved, boolean renamed, boolean keyReplaced) {
        if (renamed && keyReplaced) {
            return "“" + saved.name() + "” was renamed and its API key replaced.";
        }
        return renamed
                ? "Connection renamed to “" + saved.name() + "”."
                : "The API key of “" + saved.name() + "” was replaced.";
    }

    private static long version(Context ctx) {
        try {
            return Long.parseLong(param(ctx, "version"));
        } catch (NumberFormatException e) {
            // A missing or forged version can only be stale.
            return -1;
        }
    }

    private static String param(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }

    private static void notice(Context ctx, Notice notice) {
        ctx.sessionAttribute(NOTICE, notice);
    }

    /** Post/redirect/get: the browser loads {@code location} with GET, so Back never re-sends the form. */
    private static void seeOther(Context ctx, String location) {
        ctx.redirect(location, HttpStatus.SEE_OTHER);
    }

    /** Sends a rejected form back to {@code page}, which opens it again with what was typed and the errors. */
    private static void rejected(Context ctx, String page, FormState form) {
        FormFlash.put(ctx, page, form);
        seeOther(ctx, page);
    }

    private static String appUrl(DemoWorkspace ws, IntegrationId app) {
        return ws.base() + "/apps/" + app.value();
    }
}
