package dev.connections.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A response body read up to its cap, chunk by chunk, and the connection let go once the cap is reached. */
class CappedBodyTest {
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final Flow.Subscription subscription = new Flow.Subscription() {
        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.incrementAndGet();
        }
    };

    @Test
    void aBodyUnderTheCapIsReadWholeOneChunkAtATime() {
        CappedBody body = new CappedBody(10);
        body.onSubscribe(subscription);
        body.onNext(List.of(bytes("abc")));
        body.onNext(List.of(bytes("def"), bytes("ghi")));

        assertThat(body.getBody().toCompletableFuture()).isNotDone();
        assertThat(requested).hasValue(3);
        body.onComplete();
        assertThat(text(body)).isEqualTo("abcdefghi");
        assertThat(cancelled).hasValue(0);
    }

    @Test
    void readingStopsAtTheCapAcrossChunksAndTheRestIsNeverRequested() {
        CappedBody body = new CappedBody(10);
        body.onSubscribe(subscription);
        body.onNext(List.of(bytes("abcdef")));
        body.onNext(List.of(bytes("ghijkl"), bytes("mnop")));

        assertThat(text(body)).isEqualTo("abcdefghij");
        assertThat(cancelled).hasValue(1);
        assertThat(requested)
                .as("one request at subscribe, one after the first chunk")
                .hasValue(2);
    }

    @Test
    void aBodyOfExactlyTheCapIsCompleteWithoutWaitingForTheEnd() {
        CappedBody body = new CappedBody(6);
        body.onSubscribe(subscription);
        body.onNext(List.of(bytes("abcdef")));

        assertThat(text(body)).isEqualTo("abcdef");
        assertThat(cancelled).hasValue(1);
    }

    @Test
    void cancelLetsTheConnectionGoAndIsHarmlessBeforeSubscribing() {
        CappedBody early = new CappedBody(6);
        early.cancel();
        assertThat(cancelled).hasValue(0);

        CappedBody body = new CappedBody(6);
        body.onSubscribe(subscription);
        body.cancel();
        assertThat(cancelled).hasValue(1);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(CappedBody body) {
        return new String(body.getBody().toCompletableFuture().join(), StandardCharsets.US_ASCII);
    }
}
