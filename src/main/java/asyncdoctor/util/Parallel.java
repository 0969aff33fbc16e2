package asyncdoctor.util;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Per-file passes over the whole tree (catalog matching, narrowing to the async scope) and the rule
 * groups' sessions on the run's threads rather than the JVM's common pool, so `--threads 1` really
 * uses one.
 */
public final class Parallel {
    /** Below this many items a pass is not worth handing to other threads. */
    private static final int MIN_ITEMS = 64;

    private Parallel() {}

    /** fn of every item, on up to {@code threads} threads; the results in the items' order. */
    public static <T, R> List<R> map(List<T> items, int threads, Function<? super T, ? extends R> fn) {
        return map(items, threads, MIN_ITEMS, fn);
    }

    /** The same for a few long tasks: on other threads from {@code minItems} items on. */
    public static <T, R> List<R> map(List<T> items, int threads, int minItems, Function<? super T, ? extends R> fn) {
        if (threads <= 1 || items.size() < Math.max(2, minItems)) return items.stream().<R>map(fn).toList();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(() -> items.parallelStream().<R>map(fn).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
