package io.tenantry.gateway.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publisher against a stand-in for Kafka that acknowledges or refuses at will: what it
 * keeps when Kafka is away, what it publishes at stop, and that no call counted while a
 * flush runs is lost.
 */
class UsagePublisherTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final ApiCallCounts counts = new ApiCallCounts();

	final SteppingClock clock = new SteppingClock(Instant.parse("2026-03-01T10:00:00Z"));

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** Events Kafka acknowledged. */
	final List<JsonNode> published = new CopyOnWriteArrayList<>();

	/** Ids of every event sent, acknowledged or not. */
	final List<String> attempted = new CopyOnWriteArrayList<>();

	volatile boolean kafkaAway;

	@Test
	void callsKafkaRefusedArePublishedWithTheNextWindowUnderTheSameEventId() {
		UsagePublisher publisher = publisher(Duration.ofHours(1));
		UUID tenant = UUID.randomUUID();
		calls(tenant, 3);
		Instant firstWindowStart = this.clock.instant();
		this.clock.step(Duration.ofSeconds(5));
		this.kafkaAway = true;
		assertThat(publisher.flush()).isZero();
		assertThat(this.published).isEmpty();
		assertThat(this.attempted).hasSize(1);

		calls(tenant, 2);
		this.clock.step(Duration.ofSeconds(5));
		this.kafkaAway = false;
		assertThat(publisher.flush()).isEqualTo(5);
		assertThat(this.published).singleElement().satisfies((event) -> {
			assertThat(event.get("id").asString()).as("the refused event's id").isEqualTo(this.attempted.get(0));
			assertThat(event.get("data").get("quantity").asLong()).isEqualTo(5);
			assertThat(Instant.parse(event.get("data").get("windowStart").asString())).isEqualTo(firstWindowStart);
			assertThat(Instant.parse(event.get("data").get("windowEnd").asString())).isEqualTo(this.clock.instant());
		});
		assertThat(publisher.flush()).as("nothing left").isZero();
		assertThat(this.published).hasSize(1);
		assertThat(this.meters.get("tenantry.gateway.usage.published").counter().count()).isEqualTo(5);
	}

	@Test
	void whileKafkaIsAwayEveryTenantKeepsOneWindowAndAFlushTriesOnlyOnce() {
		UsagePublisher publisher = publisher(Duration.ofHours(1));
		List<UUID> tenants = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		this.kafkaAway = true;
		for (int window = 0; window < 10; window++) {
			tenants.forEach((tenant) -> calls(tenant, 1));
			this.clock.step(Duration.ofSeconds(5));
			publisher.flush();
		}
		assertThat(this.attempted).as("one refused send per flush, not one per tenant").hasSize(10);
		this.kafkaAway = false;
		assertThat(publisher.flush()).isEqualTo(30);
		assertThat(this.published).hasSize(3)
			.allSatisfy((event) -> assertThat(event.get("data").get("quantity").asLong()).isEqualTo(10));
	}

	@Test
	void aFlushWithoutCallsPublishesNothing() {
		UsagePublisher publisher = publisher(Duration.ofHours(1));
		calls(UUID.randomUUID(), 1);
		assertThat(publisher.flush()).isEqualTo(1);
		assertThat(publisher.flush()).isZero();
		assertThat(publisher.flush()).isZero();
		assertThat(this.attempted).hasSize(1);
	}

	@Test
	void flushesEveryIntervalAndOnceMoreAtStop() {
		UsagePublisher publisher = publisher(Duration.ofMillis(50));
		UUID tenant = UUID.randomUUID();
		publisher.start();
		assertThat(publisher.isRunning()).isTrue();
		calls(tenant, 4);
		await().atMost(Duration.ofSeconds(10)).until(() -> published(tenant) == 4);
		calls(tenant, 3);
		publisher.stop();
		assertThat(publisher.isRunning()).isFalse();
		assertThat(published(tenant)).as("the calls counted after the last scheduled flush").isEqualTo(7);
	}

	@Test
	void noCallIsLostWhileCallsAndFlushesRace() throws Exception {
		UsagePublisher publisher = publisher(Duration.ofHours(1));
		List<UUID> tenants = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		int perThread = 50_000;
		ExecutorService threads = Executors.newFixedThreadPool(4);
		List<Future<?>> callers = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int first = t;
			callers.add(threads.submit(() -> {
				for (int i = 0; i < perThread; i++) {
					// bursts of one tenant at a time, so tenants fall idle and are removed meanwhile
					calls(tenants.get(((first + i / 1000) % tenants.size())), 1);
				}
			}));
		}
		while (!callers.stream().allMatch(Future::isDone)) {
			publisher.flush();
		}
		for (Future<?> caller : callers) {
			caller.get(30, TimeUnit.SECONDS);
		}
		threads.shutdown();
		publisher.flush();
		publisher.flush();
		long total = tenants.stream().mapToLong(this::published).sum();
		assertThat(total).isEqualTo(4L * perThread);
	}

	private long published(UUID tenant) {
		return this.published.stream()
			.filter((event) -> event.get("tenantid").asString().equals(tenant.toString()))
			.mapToLong((event) -> event.get("data").get("quantity").asLong())
			.sum();
	}

	private void calls(UUID tenant, int calls) {
		for (int i = 0; i < calls; i++) {
			this.counts.increment(tenant);
		}
	}

	private UsagePublisher publisher(Duration flushInterval) {
		return new UsagePublisher(this.counts, (key, event) -> {
			JsonNode json = JSON.readTree(event);
			this.attempted.add(json.get("id").asString());
			if (this.kafkaAway) {
				return CompletableFuture.failedFuture(new IllegalStateException("no broker"));
			}
			assertThat(json.get("tenantid").asString()).isEqualTo(key);
			this.published.add(json);
			return CompletableFuture.completedFuture(null);
		}, JSON, this.clock, new UsageProperties(flushInterval, Duration.ofSeconds(1)), this.meters);
	}

	/** A clock that moves only when told. */
	static final class SteppingClock extends Clock {

		private volatile Instant now;

		SteppingClock(Instant now) {
			this.now = now;
		}

		void step(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
