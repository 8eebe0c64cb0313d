package io.tenantry.tenant.tracing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.KafkaProbe;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One trace from the caller to every consumer: a request continues the caller's W3C trace
 * context, the events it writes carry it through the outbox to Kafka, a listener's span
 * joins it, and every log line written meanwhile names the trace id.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, TracingTests.RecordedSpans.class })
@TestPropertySource(properties = { "management.opentelemetry.tracing.export.schedule-delay=50ms",
		// lines written while a request is handled: the body read, the answer written
		"logging.level.org.springframework.web.servlet.mvc.method.annotation=debug" })
@ExtendWith(OutputCaptureExtension.class)
class TracingTests {

	static final String PLATFORM_ADMIN = TestJwts.token(PlatformTenant.ID, UUID.randomUUID(), "PLATFORM_ADMIN");

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	RecordedSpans spans;

	@Test
	void anEventCarriesTheTraceOfTheRequestThatCausedIt() throws Exception {
		String traceId = randomHex(32);
		String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
		this.mvc
			.perform(post("/api/tenants").header("Authorization", "Bearer " + PLATFORM_ADMIN)
				.header("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"slug\":\"" + slug + "\",\"name\":\"Traced\",\"plan\":\"BASIC\"}"))
			.andExpect(status().isCreated());

		ConsumerRecord<String, String> created = await().atMost(Duration.ofSeconds(20))
			.until(() -> KafkaProbe.read(Topics.TENANT, Duration.ofSeconds(1))
				.stream()
				.filter((record) -> record.value().contains("\"" + slug + "\""))
				.findFirst()
				.orElse(null), (record) -> record != null);
		Header traceParent = created.headers().lastHeader("traceparent");
		assertThat(traceParent).as("traceparent header").isNotNull();
		assertThat(new String(traceParent.value(), StandardCharsets.US_ASCII)).startsWith("00-" + traceId + "-");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.spans.ofTrace(traceId))
				.anySatisfy((span) -> assertThat(span.getKind()).isEqualTo(SpanKind.SERVER)));
	}

	@Test
	void aListenerJoinsTheTraceOfTheRecordItHandles() {
		String traceId = randomHex(32);
		UUID tenant = UUID.randomUUID();
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.USER, tenant.toString(), """
				{"specversion":"1.0","id":"%s","source":"/user-service","type":"io.tenantry.user.created.v1",
				 "time":"2026-01-01T00:00:00Z","subject":"%s","tenantid":"%s",
				 "data":{"userId":"%s","email":"traced@example.com","status":"ACTIVE"}}"""
			.formatted(UUID.randomUUID(), UUID.randomUUID(), tenant, UUID.randomUUID()));
		record.headers()
			.add("traceparent", ("00-" + traceId + "-" + randomHex(16) + "-01").getBytes(StandardCharsets.US_ASCII));
		this.kafka.send(record);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.spans.ofTrace(traceId)).anySatisfy((span) -> {
				assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
				assertThat(span.getName()).contains(Topics.USER);
			}));
	}

	@Test
	void everyLogLineOfARequestNamesItsTraceId(CapturedOutput output) throws Exception {
		String traceId = randomHex(32);
		this.mvc
			.perform(post("/api/tenants").header("Authorization", "Bearer " + PLATFORM_ADMIN)
				.header("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{}"))
			.andExpect(status().isBadRequest());
		List<String> requestLines = output.getOut()
			.lines()
			.filter((line) -> line.contains("MethodProcessor"))
			.toList();
		assertThat(requestLines).as("the request's log lines").isNotEmpty().allSatisfy((line) -> assertThat(line)
			.contains(traceId));
	}

	@Test
	void spansAreExportedOverOtlpOnlyWhenAnEndpointIsSet(ApplicationContext context) {
		assertThat(context.getBeanNamesForType(
				io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter.class)).isEmpty();
	}

	private static String randomHex(int length) {
		String hex = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
		return hex.substring(0, length);
	}

	/** Keeps every finished span, as a collector would receive it. */
	@TestConfiguration(proxyBeanMethods = false)
	static class RecordedSpans implements SpanExporter {

		private final Collection<SpanData> finished = new ConcurrentLinkedQueue<>();

		List<SpanData> ofTrace(String traceId) {
			return this.finished.stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.finished.addAll(spans);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
