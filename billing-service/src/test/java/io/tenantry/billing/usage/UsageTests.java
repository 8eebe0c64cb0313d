package io.tenantry.billing.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tenantry.billing.StripeStub;
import io.tenantry.common.events.Topics;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static io.tenantry.billing.BillingFixtures.client;
import static io.tenantry.billing.BillingFixtures.owner;
import static io.tenantry.billing.BillingFixtures.subscribed;
import static io.tenantry.billing.BillingFixtures.usageRecorded;
import static io.tenantry.billing.BillingFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Usage reported by a tenant's clients and measured by Tenantry's services: stored once per
 * idempotency key, all or nothing per batch, rolled up into series, and never visible to
 * another tenant.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, StripeStub.Configuration.class })
class UsageTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	UsageRetention retention;

	@Test
	void theSameBatchSentTwiceIsCountedOnce() throws Exception {
		UUID tenant = subscribed(this.kafka, "PROFESSIONAL");
		Instant at = Instant.now().minusSeconds(60);
		String batch = batch(IntStream.range(0, 100).mapToObj((i) -> record("storage_bytes", 1000 + i, at.plusMillis(i),
				"batch-a-" + i)).toList());
		report(tenant, batch).andExpect(status().isOk())
			.andExpect(jsonPath("$.received").value(100))
			.andExpect(jsonPath("$.stored").value(100))
			.andExpect(jsonPath("$.duplicates").value(0));
		report(tenant, batch).andExpect(status().isOk())
			.andExpect(jsonPath("$.stored").value(0))
			.andExpect(jsonPath("$.duplicates").value(100));
		assertThat(count("select count(*) from usage_record where tenant_id = ?", tenant)).isEqualTo(100);
		assertThat(count("select sum(records) from usage_rollup where tenant_id = ? and granularity = 'HOUR'", tenant))
			.isEqualTo(100);
		// a level is its latest record: the last of the batch
		assertThat(count("select level from usage_current where tenant_id = ? and metric = 'storage_bytes'", tenant))
			.isEqualTo(1099);
		assertThat(count("select count(*) from event_outbox where tenant_id = ? and event_type = ?", tenant,
				"io.tenantry.billing.usage-reported.v1"))
			.isOne();
	}

	@Test
	void aBatchWithOneBadRecordIsStoredNotAtAllAndEachBadFieldIsNamed() throws Exception {
		UUID tenant = subscribed(this.kafka, "PROFESSIONAL");
		Instant now = Instant.now();
		String batch = batch(List.of(record("projects", 3, now, "ok-1"), record("projects", -1, now, "bad-1"),
				record("projects", 4, now, "ok-2"),
				"{\"metric\":\"api_calls\",\"quantity\":5,\"idempotencyKey\":\"bad-2\"}",
				"{\"metric\":\"projects\",\"quantity\":1.5,\"idempotencyKey\":\"bad 3\",\"timestamp\":\"yesterday\","
						+ "\"attributes\":{\"note\":\"a\\u0000b\"}}"));
		report(tenant, batch).andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
					"records[1].quantity", "records[3].metric", "records[4].quantity", "records[4].timestamp",
					"records[4].idempotencyKey", "records[4].attributes")));
		assertThat(count("select count(*) from usage_record where tenant_id = ?", tenant)).isZero();
		assertThat(count("select count(*) from usage_rollup where tenant_id = ?", tenant)).isZero();

		report(tenant, "[]").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("records"));
		report(tenant, batch(IntStream.range(0, 1001).mapToObj((i) -> record("projects", 1, now, "k" + i)).toList()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("records"));
		report(tenant, "{\"records\":{}}").andExpect(status().isBadRequest());
		report(tenant, "not json").andExpect(status().isBadRequest());
		report(tenant, record("projects", 1, now.plus(Duration.ofHours(1)), "future")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("timestamp"));
		report(tenant, record("projects", 1, now.minus(Duration.ofDays(40)), "old")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("timestamp"));
		report(tenant, record("projects", 2, now, "single")).andExpect(status().isOk())
			.andExpect(jsonPath("$.stored").value(1));
	}

	@Test
	void onlyAnApiClientWithTheUsageWriteScopeReportsUsage() throws Exception {
		UUID tenant = subscribed(this.kafka, "PROFESSIONAL");
		String record = record("projects", 1, Instant.now(), "scope-1");
		this.mvc.perform(post("/api/billing/usage").header("Authorization",
				"Bearer " + client(tenant, List.of("ADMIN"), "users:read", "billing:read"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(record)).andExpect(status().isForbidden());
		this.mvc.perform(post("/api/billing/usage").header("Authorization", "Bearer " + user(tenant, "OWNER"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(record)).andExpect(status().isForbidden());
		this.mvc.perform(post("/api/billing/usage").contentType(MediaType.APPLICATION_JSON).content(record))
			.andExpect(status().isUnauthorized());
		assertThat(count("select count(*) from usage_record where tenant_id = ?", tenant)).isZero();
	}

	@Test
	void usageEventsOfTheServicesAreRecordedOnceAndShownAsSeries() throws Exception {
		UUID tenant = subscribed(this.kafka, "PROFESSIONAL");
		UUID other = subscribed(this.kafka, "PROFESSIONAL");
		Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
		UUID first = UUID.randomUUID();
		this.kafka.send(Topics.USAGE, tenant.toString(),
				usageRecorded(first, tenant, "api_calls", 40, hour.plusSeconds(10)));
		this.kafka.send(Topics.USAGE, tenant.toString(),
				usageRecorded(first, tenant, "api_calls", 40, hour.plusSeconds(10))); // redelivered
		this.kafka.send(Topics.USAGE, tenant.toString(),
				usageRecorded(UUID.randomUUID(), tenant, "api_calls", 2, hour.plusSeconds(20)));
		this.kafka.send(Topics.USAGE, tenant.toString(),
				usageRecorded(UUID.randomUUID(), tenant, "api_calls", 5, hour.plus(Duration.ofMinutes(70))));
		this.kafka.send(Topics.USAGE, other.toString(),
				usageRecorded(UUID.randomUUID(), other, "api_calls", 1000, hour.plusSeconds(30)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> count("select count(*) from usage_record where tenant_id in (?, ?)", tenant, other) == 4);

		String from = hour.minus(Duration.ofHours(1)).toString();
		stats(tenant, "?metric=api_calls&granularity=hour&from=" + from).andExpect(status().isOk())
			.andExpect(jsonPath("$.kind").value("COUNTER"))
			.andExpect(jsonPath("$.total").value(47))
			.andExpect(jsonPath("$.points.length()").value(2))
			.andExpect(jsonPath("$.points[0].start").value(hour.toString()))
			.andExpect(jsonPath("$.points[0].value").value(42))
			.andExpect(jsonPath("$.points[1].value").value(5));
		stats(tenant, "?metric=api_calls&granularity=day&from=" + from).andExpect(jsonPath("$.total").value(47));
		stats(tenant, "?metric=api_calls&granularity=month").andExpect(jsonPath("$.total").value(47));
		stats(other, "?metric=api_calls&granularity=hour&from=" + from).andExpect(jsonPath("$.total").value(1000));
	}

	@Test
	void statsRefuseBadParametersAndAreForBillingReadersOnly() throws Exception {
		UUID tenant = subscribed(this.kafka, "PROFESSIONAL");
		stats(tenant, "").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("metric"));
		stats(tenant, "?metric=api_calls&granularity=week").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("granularity"));
		stats(tenant, "?metric=api_calls&from=-999999999-01-01T00:00:00Z").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
		stats(tenant, "?metric=api_calls&to=%2B999999999-12-31T23:59:59Z").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("to"));
		stats(tenant, "?metric=api_calls&granularity=hour&from=2020-01-01T00:00:00Z&to=2022-01-01T00:00:00Z")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
		stats(tenant, "?metric=api_calls&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")
			.andExpect(status().isBadRequest());
		this.mvc.perform(get("/api/billing/usage/stats?metric=api_calls").header("Authorization",
				"Bearer " + user(tenant, "MEMBER")))
			.andExpect(status().isForbidden());
	}

	@Test
	void rawRecordsOlderThanTheRetentionAreDeletedAndTheRollupsKept() throws Exception {
		UUID tenant = subscribed(this.kafka, "PROFESSIONAL");
		report(tenant, record("projects", 2, Instant.now(), "old-record")).andExpect(status().isOk());
		owner().update("update usage_record set received_at = now() - interval '91 days' where tenant_id = ?", tenant);
		assertThat(this.retention.deleteExpired()).isPositive();
		assertThat(count("select count(*) from usage_record where tenant_id = ?", tenant)).isZero();
		assertThat(count("select count(*) from usage_rollup where tenant_id = ?", tenant)).isEqualTo(2);
	}

	private ResultActions report(UUID tenant, String body) throws Exception {
		return this.mvc.perform(post("/api/billing/usage")
			.header("Authorization", "Bearer " + client(tenant, List.of(), "usage:write"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body));
	}

	private ResultActions stats(UUID tenant, String query) throws Exception {
		return this.mvc.perform(get("/api/billing/usage/stats" + query).header("Authorization",
				"Bearer " + user(tenant, "BILLING_ADMIN")));
	}

	static String record(String metric, long quantity, Instant at, String key) {
		return "{\"metric\":\"%s\",\"quantity\":%d,\"timestamp\":\"%s\",\"idempotencyKey\":\"%s\"}".formatted(metric,
				quantity, at, key);
	}

	static String batch(List<String> records) {
		return records.stream().collect(Collectors.joining(",", "{\"records\":[", "]}"));
	}

	private static long count(String sql, Object... args) {
		Long value = owner().queryForObject(sql, Long.class, args);
		return (value != null) ? value : 0;
	}

}
