package io.tenantry.gateway.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * Publishes each tenant's API calls as one {@code io.tenantry.usage.recorded.v1} event per
 * flush window on {@code tenantry.usage.v1}, keyed by tenant (decision 13): every
 * {@link UsageProperties#flushInterval()} on a thread of its own, never on the event loop,
 * and once more when the gateway stops, after its server has stopped taking calls.
 * <p>
 * The gateway has no database, hence no outbox: a window's counts live only in memory until
 * Kafka acknowledges them, and an instance that crashes loses at most the window it was
 * counting (and any it could not publish), which undercounts, never bills twice. A window
 * Kafka refused or did not acknowledge in time is kept and sent again at the next flush,
 * with the calls counted since added to it, <em>under the same event id</em>: should the
 * first attempt have reached Kafka after all, consumers (who handle each id once) drop the
 * second, losing the later calls rather than counting the earlier ones twice. So what is kept
 * is at most one window per tenant, whatever the outage's length; a window not published
 * when the gateway stops is lost, and logged.
 */
class UsagePublisher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UsagePublisher.class);

	private final ApiCallCounts counts;

	private final Sender sender;

	private final JsonMapper json;

	private final Clock clock;

	private final UsageProperties properties;

	private final Counter published;

	/** One flush at a time: the scheduled ones, the last one at stop, a test's. */
	private final ReentrantLock flushing = new ReentrantLock();

	/** Windows Kafka did not acknowledge, by tenant; guarded by {@link #flushing}. */
	private final Map<UUID, Window> unpublished = new HashMap<>();

	/** Start of the window being counted; guarded by {@link #flushing}. */
	private Instant windowStart;

	private volatile ScheduledExecutorService scheduler;

	UsagePublisher(ApiCallCounts counts, Sender sender, JsonMapper json, Clock clock, UsageProperties properties,
			MeterRegistry meters) {
		this.counts = counts;
		this.sender = sender;
		this.json = json;
		this.clock = clock;
		this.properties = properties;
		this.windowStart = clock.instant();
		this.published = Counter.builder("tenantry.gateway.usage.published")
			.description("API calls the gateway published on tenantry.usage.v1 and Kafka acknowledged")
			.register(meters);
	}

	/**
	 * Publishes the calls counted since the previous flush and the windows not yet
	 * acknowledged, one event per tenant, and waits for Kafka's acknowledgements.
	 * @return the calls Kafka acknowledged
	 */
	long flush() {
		this.flushing.lock();
		try {
			Instant end = this.clock.instant();
			Instant start = this.windowStart;
			this.windowStart = end;
			Map<UUID, Window> due = new HashMap<>(this.unpublished);
			this.unpublished.clear();
			this.counts.drain()
				.forEach((tenant, calls) -> due.merge(tenant, new Window(UUID.randomUUID(), calls, start, end),
						Window::plus));
			List<Sending> sendings = new ArrayList<>(due.size());
			boolean refused = false;
			for (Map.Entry<UUID, Window> entry : due.entrySet()) {
				if (refused) {
					// each send would wait max.block.ms for a broker that is not there
					this.unpublished.put(entry.getKey(), entry.getValue());
					continue;
				}
				Sending sending = send(entry.getKey(), entry.getValue());
				refused = sending.acknowledgement().isCompletedExceptionally();
				sendings.add(sending);
			}
			long acknowledged = 0;
			Throwable failure = null;
			long deadline = System.nanoTime() + this.properties.sendTimeout().toNanos();
			for (Sending sending : sendings) {
				Throwable failed = failure(sending, deadline);
				if (failed == null) {
					acknowledged += sending.window().calls();
				}
				else {
					failure = failed;
					this.unpublished.put(sending.tenant(), sending.window());
				}
			}
			this.published.increment(acknowledged);
			if (!this.unpublished.isEmpty()) {
				// one line per flush, not one per tenant, while Kafka is away
				log.warn("{} API calls of {} tenants not published, kept for the next flush: {}",
						this.unpublished.values().stream().mapToLong(Window::calls).sum(), this.unpublished.size(),
						(failure != null) ? failure.toString() : "Kafka refused an earlier event of this flush");
			}
			return acknowledged;
		}
		finally {
			this.flushing.unlock();
		}
	}

	private Sending send(UUID tenant, Window window) {
		UsageRecorded data = new UsageRecorded(tenant, UsageRecorded.API_CALLS, window.calls(), window.start(),
				window.end());
		try {
			String event = this.json.writeValueAsString(UsageEvent.of(window.eventId().toString(), window.end(), data));
			return new Sending(tenant, window, this.sender.send(tenant.toString(), event));
		}
		catch (RuntimeException ex) {
			return new Sending(tenant, window, CompletableFuture.failedFuture(ex));
		}
	}

	/** Why Kafka did not acknowledge the event by the deadline, or null when it did. */
	private static Throwable failure(Sending sending, long deadline) {
		try {
			sending.acknowledgement().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ex;
		}
		catch (ExecutionException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
		catch (TimeoutException | RuntimeException ex) {
			return ex;
		}
	}

	@Override
	public void start() {
		long interval = this.properties.flushInterval().toMillis();
		ScheduledExecutorService executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("gateway-usage-flush").daemon().factory());
		executor.scheduleWithFixedDelay(this::scheduledFlush, interval, interval, TimeUnit.MILLISECONDS);
		this.scheduler = executor;
	}

	private void scheduledFlush() {
		try {
			flush();
		}
		catch (RuntimeException ex) {
			// never let one failure end the schedule
			log.warn("Flushing API call usage failed", ex);
		}
	}

	/** The last flush: what was counted since the previous one, and what is still unpublished. */
	@Override
	public void stop() {
		ScheduledExecutorService executor = this.scheduler;
		this.scheduler = null;
		if (executor != null) {
			executor.shutdown();
			try {
				executor.awaitTermination(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		flush();
		this.flushing.lock();
		try {
			long lost = this.unpublished.values().stream().mapToLong(Window::calls).sum();
			if (lost > 0) {
				log.warn("{} API calls of {} tenants could not be published before the gateway stopped", lost,
						this.unpublished.size());
			}
		}
		finally {
			this.flushing.unlock();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * Stops after the web server (so calls answered during a graceful shutdown are counted)
	 * and before the Kafka producer factory (phase {@code Integer.MIN_VALUE}), which the last
	 * flush needs.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/** Sends one event keyed by tenant; the future completes when Kafka acknowledged it. */
	@FunctionalInterface
	interface Sender {

		CompletableFuture<?> send(String key, String event);

	}

	/** A tenant's calls within [start, end), to be published under {@code eventId}. */
	record Window(UUID eventId, long calls, Instant start, Instant end) {

		/** This unpublished window with the calls of a later one added, under the same id. */
		Window plus(Window later) {
			return new Window(this.eventId, this.calls + later.calls, this.start, later.end);
		}

	}

	private record Sending(UUID tenant, Window window, CompletableFuture<?> acknowledgement) {
	}

}
