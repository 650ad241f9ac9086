package dev.connections.verify;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads at most {@code max} bytes of a response body and then hangs up, so a provider (or whatever a custom
 * base URL points at) cannot make a check download 50 MB; the reason a check shows needs only the start.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile Flow.@org.jspecify.annotations.Nullable Subscription subscription;

    CappedBody(int max) {
        this.max = max;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer item : items) {
            int take = Math.min(item.remaining(), max - out.size());
            byte[] chunk = new byte[take];
            item.get(chunk);
            out.write(chunk, 0, take);
            if (out.size() >= max) {
                cancel();
                result.complete(out.toByteArray());
                return;
            }
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.request(1);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    /** Stops reading: the client closes the connection. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
