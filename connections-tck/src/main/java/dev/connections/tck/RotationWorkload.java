package dev.connections.tck;

import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The load a key rotation must survive, for any storage: connection {@code i} lives in workspace {@code i /
 * perWorkspace} (the first of each is its app's default) and holds {@code key-<i>-<generation>}; one thread
 * resolves and checks each answer, another replaces keys, and the rotating thread waits between batches
 * until both made progress. Anything wrong is collected in {@link #failures()}, never the key itself.
 */
public final class RotationWorkload {
    private final Connections connections;
    private final IntegrationId app;
    private final int workspaces;
    private final int perWorkspace;
    private final int size;
    // Connection i: its current version and the generation of its key; only the editor writes.
    private final AtomicReferenceArray<Connection> conns;
    private final AtomicIntegerArray generation;
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong resolves = new AtomicLong();
    private final AtomicLong edits = new AtomicLong();

    /** A workload over {@code workspaces × perWorkspace} connections of {@code app}, added by the caller. */
    public RotationWorkload(Connections connections, IntegrationId app, int workspaces, int perWorkspace) {
        this.connections = connections;
        this.app = app;
        this.workspaces = workspaces;
        this.perWorkspace = perWorkspace;
        this.size = workspaces * perWorkspace;
        this.conns = new AtomicReferenceArray<>(size);
        this.generation = new AtomicIntegerArray(size);
    }

    /** Workspace number {@code w}. */
    public static WorkspaceId workspace(int w) {
        return WorkspaceId.of("ws-" + w);
    }

    /** The workspace connection {@code i} belongs to. */
    public WorkspaceId workspaceOf(int i) {
        return workspace(i / perWorkspace);
    }

    /** The key connection {@code i} holds at {@code generation}. */
    public static String key(int i, int generation) {
        return "key-" + i + "-" + generation;
    }

    /** Records connection {@code i} as added with its first key, {@code key(i, 0)}. */
    public void added(int i, Connection connection) {
        conns.set(i, connection);
    }

    /** Records connections {@code from, from + 1, …} as added, in order. */
    public void added(int from, List<Connection> connections) {
        for (int j = 0; j < connections.size(); j++) {
            conns.set(from + j, connections.get(j));
        }
    }

    /** Connection {@code i} as last written. */
    public Connection connection(int i) {
        return conns.get(i);
    }

    /** The key connection {@code i} must resolve to now. */
    public String newestKey(int i) {
        return key(i, generation.get(i));
    }

    /** Resolves random connections until {@code done}, checking each answer is that connection's key. */
    public void resolveUntil(AtomicBoolean done) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!done.get() && failures.size() < 10) {
            int i = pick(random);
            Connection c = conns.get(i);
            int before = generation.get(i);
            try {
                // The first connection of each workspace is its default: exercise the cached path too.
                String actual = i % perWorkspace == 0 && random.nextBoolean()
                        ? connections.resolveDefault(c.workspace(), app).withKey(Secret::reveal)
                        : connections.resolve(c.workspace(), c.id()).withKey(Secret::reveal);
                int after = generation.get(i);
                String prefix = "key-" + i + "-";
                if (!actual.startsWith(prefix)) {
                    failures.add("connection " + i + " resolved to another connection's key");
                } else {
                    int got = Integer.parseInt(actual.substring(prefix.length()));
                    // An edit may have committed but not yet been recorded: allow one generation ahead.
                    if (got < before || got > after + 1) {
                        failures.add("connection " + i + " resolved generation " + got + ", expected " + before + ".."
                                + (after + 1));
                    }
                }
            } catch (RuntimeException e) {
                failures.add("resolve " + i + ": " + e);
            }
            resolves.incrementAndGet();
        }
    }

    /** Replaces the keys of random connections until {@code done}, recording each new generation. */
    public void editUntil(AtomicBoolean done) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!done.get() && failures.size() < 10) {
            int i = pick(random);
            Connection c = conns.get(i);
            int next = generation.get(i) + 1;
            try {
                Connection edited = connections.editConnection(
                        c.workspace(), c.id(), ConnectionEdit.replaceApiKey(c.version(), Secret.of(key(i, next))));
                conns.set(i, edited);
                generation.set(i, next);
            } catch (RuntimeException e) {
                failures.add("edit " + i + ": " + e);
            }
            edits.incrementAndGet();
        }
    }

    /** Called on the rotating thread between batches: lets both workers make {@code n / 2} operations first. */
    public void awaitOperations(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long targetResolves = resolves.get() + n / 2;
        long targetEdits = edits.get() + n / 2;
        while ((resolves.get() < targetResolves || edits.get() < targetEdits) && failures.isEmpty()) {
            if (System.nanoTime() > deadline) {
                failures.add("workers made no progress during rotation");
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Records a failure found by the caller's own checks. */
    public void fail(String failure) {
        failures.add(failure);
    }

    /** What went wrong so far, in order; empty when nothing did. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Resolves made by {@link #resolveUntil}. */
    public long resolves() {
        return resolves.get();
    }

    /** Key replacements made by {@link #editUntil}. */
    public long edits() {
        return edits.get();
    }

    /** A third of the picks hit a default connection, so the cached resolveDefault path races with edits. */
    private int pick(ThreadLocalRandom random) {
        return random.nextInt(3) == 0 ? random.nextInt(workspaces) * perWorkspace : random.nextInt(size);
    }
}
