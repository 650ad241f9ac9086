package dev.connections.examples.web;

import dev.connections.Connections;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.rendering.template.JavalinThymeleaf;
import io.javalin.util.JavalinBindException;
import jakarta.servlet.SessionTrackingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The reference host application: the Settings › Connections page of a workspace product, served by
 * Javalin with server-rendered Thymeleaf templates on top of the Connections library.
 *
 * <p>Start it with {@code mvn -q -pl examples -am -Pweb process-classes} (port 8080; set {@code PORT}
 * or {@code -Dport=} to change it). Storage is chosen in {@link Storage}; the argument {@value #DEV_FLAG}
 * (or {@code CONNECTIONS_DEV=true}) starts it in development mode.
 */
public final class WebApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
    static final int DEFAULT_PORT = 8080;
    static final String DEV_FLAG = "--dev";
    private static final String ERROR_RENDERED = "error-page-rendered";

    private final Javalin javalin;
    private final Storage storage;

    private WebApp(Javalin javalin, Storage storage) {
        this.javalin = javalin;
        this.storage = storage;
    }

    /**
     * Starts the app on {@code host:port} (port 0 picks a free one) over {@code storage}, which the app
     * closes when it stops.
     */
    static WebApp start(Storage storage, String host, int port) {
        Connections connections = storage.connections();
        Javalin javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.fileRenderer(new JavalinThymeleaf(templateEngine()));
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
            });
            // Errors Jetty answers itself (a refused URI, a malformed request) carry the headers too.
            config.jetty.modifyServer(server -> server.setErrorHandler(SecurityHeaders.errorHandler()));
            config.jetty.modifyServletContextHandler(handler -> {
                handler.setErrorHandler(SecurityHeaders.errorHandler());
                var sessions = handler.getSessionHandler();
                sessions.setHttpOnly(true);
                sessions.setSameSite(org.eclipse.jetty.http.HttpCookie.SameSite.LAX);
                sessions.setSessionCookie("CONNECTIONS_SESSION");
                // The session id travels in its cookie only, never rewritten into a link (;jsessionid=).
                sessions.setSessionTrackingModes(Set.of(SessionTrackingMode.COOKIE));
            });
        });
        javalin.before(ctx -> {
            SecurityHeaders.ALL.forEach(ctx::header);
            ctx.header("Cache-Control", "no-store");
            Csrf.check(ctx);
        });
        javalin.exception(
                Csrf.Rejected.class,
                (e, ctx) -> errorPage(
                        ctx,
                        HttpStatus.FORBIDDEN,
                        "This form has expired or did not come from this page. Go back, reload the page and try again."));
        javalin.exception(Exception.class, (e, ctx) -> {
            LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
            errorPage(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side. Please try again.");
        });
        javalin.exception(NotFoundResponse.class, (e, ctx) -> errorPage(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
        javalin.error(HttpStatus.NOT_FOUND, ctx -> {
            // Routes that matched but found nothing already rendered their page; this is for unknown paths.
            if (ctx.attribute(ERROR_RENDERED) == null) {
                errorPage(ctx, HttpStatus.NOT_FOUND, "There is no such page.");
            }
        });
        // Browsers ask for /favicon.ico whatever the page links; the icon is an SVG.
        javalin.get("/favicon.ico", ctx -> ctx.redirect("/static/favicon.svg", HttpStatus.MOVED_PERMANENTLY));
        new ConnectionsPages(connections).register(javalin);
        javalin.start(host, port);
        return new WebApp(javalin, storage);
    }

    private static void errorPage(Context ctx, HttpStatus status, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", status.getMessage());
        model.put("status", status.getCode());
        model.put("message", message);
        model.put("workspaces", DemoWorkspace.ALL);
        ctx.attribute(ERROR_RENDERED, Boolean.TRUE);
        ctx.status(status);
        ctx.render("error", model);
    }

    private static TemplateEngine templateEngine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(WebApp.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    /** The port the app listens on. */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        storage.close();
    }

    /** The environment the app reads its settings from: {@code env}, with {@value #DEV_FLAG} as development mode. */
    static Map<String, String> environment(List<String> args, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        if (args.contains(DEV_FLAG)) {
            all.put(Storage.DEVELOPMENT, "true");
        }
        return all;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(Optional.ofNullable(System.getProperty("port"))
                .or(() -> Optional.ofNullable(System.getenv("PORT")))
                .orElse(String.valueOf(DEFAULT_PORT)));
        // Loopback only by default: the demo uses a development key. HOST=0.0.0.0 serves other machines.
        String host = Optional.ofNullable(System.getenv("HOST")).orElse("localhost");
        Storage storage = Storage.open(environment(List.of(args), System.getenv()));
        WebApp app;
        try {
            app = start(storage, host, port);
        } catch (JavalinBindException e) {
            storage.close();
            throw new IllegalStateException(
                    "Port " + port + " is already in use. Start on another one with -Dport=8081 or PORT=8081.", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "connections-web-shutdown"));
        String address = "http://localhost:" + app.port() + "/";
        LOG.info("Connections page running at {} (connections stored in the {})", address, storage.description());
        // The one line a person starting the app looks for, whatever the log configuration.
        System.out.println("Open " + address + " (Ctrl+C stops the app)");
    }
}
