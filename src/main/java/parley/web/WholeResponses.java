package parley.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Each of Javalin's responses kept whole in memory and sent after its route has finished, without a thread
 * waiting for the client to read it. Javalin writes with blocking calls, and a page larger than the connection's
 * send buffer (a room's page with long messages is a few hundred KB) held its request thread until the client
 * had read it all: a few hundred clients reading slowly held every thread and the node stopped answering
 * anyone. Here the route's writes are copied and answered at once; when the route is done the whole response
 * goes out in one non-blocking write. A slow reader then costs the memory of the page it asked for, until it
 * has read it or its connection times out (the connector's idle timeout), and no thread.
 *
 * <p>That memory is bounded: responses held at once may take up to {@link #budgetBytes} in all (an eighth of
 * the heap). Past that a response is written as it comes, as before, holding its thread while it is read, so a
 * flood of slow readers can at worst slow the node down again, never run it out of memory.
 */
final class WholeResponses extends Handler.Wrapper {
    private final long budgetBytes;
    private final AtomicLong held = new AtomicLong();

    WholeResponses(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** An eighth of the heap this JVM may grow to. */
    static long defaultBudget() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Whole whole = new Whole(request, response, callback);
        return super.handle(request, whole, whole);
    }

    private boolean reserve(long bytes) {
        long before;
        do {
            before = held.get();
            if (before + bytes > budgetBytes) {
                return false;
            }
        } while (!held.compareAndSet(before, before + bytes));
        return true;
    }

    /** One response, as the route writes it; also the callback the route completes when it is done. */
    private final class Whole extends Response.Wrapper implements Callback {
        private final Callback done;
        private ByteArrayOutputStream body = new ByteArrayOutputStream(); // guarded by this
        private long reserved; // guarded by this
        private boolean lastWritten; // guarded by this
        private boolean passThrough; // over the budget: written as it comes; guarded by this

        Whole(Request request, Response response, Callback done) {
            super(request, response);
            this.done = done;
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            int length = content == null ? 0 : content.remaining();
            ByteBuffer heldSoFar = null;
            boolean through;
            synchronized (this) {
                lastWritten |= last;
                if (!passThrough && reserve(length)) {
                    reserved += length;
                    if (content != null) {
                        byte[] copy = new byte[length];
                        content.get(copy); // the route reuses its buffer once this write succeeds
                        body.write(copy, 0, length);
                    }
                } else if (!passThrough) {
                    passThrough = true; // over the budget: what is held goes first, then everything as it comes
                    heldSoFar = ByteBuffer.wrap(body.toByteArray());
                    forget();
                }
                through = passThrough;
            }
            if (!through) {
                callback.succeeded();
            } else if (heldSoFar == null) {
                getWrapped().write(last, content, callback);
            } else {
                getWrapped().write(false, heldSoFar, Callback.from(() -> getWrapped().write(last, content, callback),
                        callback::failed));
            }
        }

        /** The route is done: the whole response goes out, and the request ends once it has been sent. */
        @Override
        public void succeeded() {
            ByteBuffer all;
            synchronized (this) {
                if (passThrough) {
                    all = null;
                } else {
                    all = ByteBuffer.wrap(body.toByteArray());
                    body = null;
                }
            }
            if (all == null) {
                done.succeeded();
                return;
            }
            getWrapped().write(true, all, Callback.from(() -> {
                release();
                done.succeeded();
            }, failure -> {
                release();
                done.failed(failure);
            }));
        }

        @Override
        public void failed(Throwable failure) {
            release();
            done.failed(failure);
        }

        @Override
        public InvocationType getInvocationType() {
            return done.getInvocationType();
        }

        @Override
        public boolean hasLastWrite() {
            synchronized (this) {
                if (lastWritten) {
                    return true;
                }
            }
            return super.hasLastWrite();
        }

        @Override
        public void reset() {
            synchronized (this) {
                if (body != null) {
                    body.reset();
                }
                lastWritten = false;
                forget();
            }
            super.reset();
        }

        /** Gives back what this response held of the budget. Guarded by this. */
        private void forget() {
            held.addAndGet(-reserved);
            reserved = 0;
            if (body != null) {
                body.reset();
            }
        }

        private synchronized void release() {
            forget();
        }
    }
}
