package kiln.runtime.exec;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread pool parallel loops of generated kernels run on: a few platform threads (by default one per
 * core, or {@code -Dkiln.threads=N}, or {@link #setThreads}), plus the calling thread, which takes a share of
 * the work instead of idling.
 *
 * <p>A parallel loop promises that its iterations are independent, and each iteration runs whole on one
 * thread, so results never depend on the number of threads or on which thread ran what. A reduction is never
 * split across threads: the loop over it is serial inside the iterations.
 *
 * <p>One loop runs on the pool at a time. A loop started while the pool is busy — a parallel loop nested in
 * another, or a second model running on another thread — runs on its caller's thread alone, which is always
 * correct and cannot deadlock.
 */
public final class Parallel {
    /** The system property that sets the number of threads. */
    public static final String PROPERTY = "kiln.threads";

    /** The iterations {@code [lo, hi)} of a parallel loop. */
    @FunctionalInterface
    public interface Range {
        void run(int lo, int hi);
    }

    /** Chunks per thread: a thread delayed by the machine leaves its chunks to the others. */
    private static final int CHUNKS_PER_THREAD = 4;
    /** How long an idle worker spins before it parks: back-to-back kernels should not pay a wake-up. */
    private static final long SPIN_NANOS = 50_000;

    private static Pool pool;

    private Parallel() {
    }

    /** The number of threads parallel loops use, the caller included. */
    public static synchronized int threads() {
        return pool().threads;
    }

    /** Sets the number of threads (at least 1; 1 runs everything on the caller). */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the number of threads must be at least 1, not " + threads);
        }
        if (pool != null) {
            if (pool.threads == threads) {
                return;
            }
            pool.shutdown();
        }
        pool = new Pool(threads);
    }

    private static synchronized Pool pool() {
        if (pool == null) {
            pool = new Pool(defaultThreads());
        }
        return pool;
    }

    private static int defaultThreads() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            try {
                int n = Integer.parseInt(forced.strip());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalStateException("system property " + PROPERTY + " must be a positive integer, not '"
                    + forced + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Runs {@code body} over {@code [0, n)} in chunks on the pool and returns when every chunk is done. */
    public static void forRange(int n, Range body) {
        if (n <= 0) {
            return;
        }
        Pool p = pool;
        if (p == null) {
            p = pool();
        }
        p.run(n, body);
    }

    private static final class Pool {
        final int threads;
        final Thread[] workers;
        final AtomicBoolean busy = new AtomicBoolean();
        volatile Job job;
        volatile boolean stopped;

        Pool(int threads) {
            this.threads = threads;
            this.workers = new Thread[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                Thread t = new Thread(this::work, "kiln-worker-" + i);
                t.setDaemon(true);
                workers[i] = t;
                t.start();
            }
        }

        void run(int n, Range body) {
            if (n == 1 || workers.length == 0 || !busy.compareAndSet(false, true)) {
                body.run(0, n);
                return;
            }
            Job j = new Job(n, Math.min(n, threads * CHUNKS_PER_THREAD), body, Thread.currentThread());
            try {
                job = j;
                for (Thread w : workers) {
                    LockSupport.unpark(w);
                }
                j.work();
                j.awaitDone();
            } finally {
                job = null;
                busy.set(false);
            }
            j.rethrow();
        }

        private void work() {
            Job last = null;
            long idleSince = System.nanoTime();
            while (!stopped) {
                Job j = job;
                if (j != null && j != last) {
                    last = j;
                    j.work();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }

        void shutdown() {
            stopped = true;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    /** One parallel loop: chunks handed out by an atomic counter to whichever thread asks first. */
    private static final class Job {
        final int n;
        final int chunks;
        final Range body;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable error;

        Job(int n, int chunks, Range body, Thread caller) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.caller = caller;
        }

        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                int lo = (int) ((long) n * c / chunks);
                int hi = (int) ((long) n * (c + 1) / chunks);
                try {
                    if (error == null) {
                        body.run(lo, hi);
                    }
                } catch (Throwable t) {
                    synchronized (this) {
                        if (error == null) {
                            error = t;
                        }
                    }
                }
                if (done.incrementAndGet() == chunks) {
                    LockSupport.unpark(caller);
                }
            }
        }

        void awaitDone() {
            long start = System.nanoTime();
            while (done.get() < chunks) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }

        void rethrow() {
            Throwable t = error;
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }
}
