package io.tenantry.tenant;

import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON logs are a matter of configuration: {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}
 * (or {@code logstash}, {@code gelf}) makes every line one JSON object.
 */
@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
@TestPropertySource(properties = "logging.structured.format.console=ecs")
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests {

	@Autowired
	Tracer tracer;

	@Test
	void everyLogLineIsAnEcsJsonObjectWithTheServiceName(CapturedOutput output) {
		LoggerFactory.getLogger(StructuredLoggingTests.class).info("structured logging check");
		String line = output.getOut()
			.lines()
			.filter((candidate) -> candidate.contains("structured logging check"))
			.findFirst()
			.orElseThrow();
		JsonNode json = JsonMapper.builder().build().readTree(line);
		assertThat(json.get("message").asString()).isEqualTo("structured logging check");
		assertThat(json.get("log").get("level").asString()).isEqualTo("INFO");
		assertThat(json.get("service").get("name").asString()).isEqualTo("tenant-service");
		assertThat(json.has("@timestamp")).isTrue();
	}

	@Test
	void aLineWrittenInATraceCarriesItsTraceAndSpanIds(CapturedOutput output) {
		Span span = this.tracer.nextSpan().name("structured-logging-check").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			LoggerFactory.getLogger(StructuredLoggingTests.class).info("traced logging check");
		}
		finally {
			span.end();
		}
		String line = output.getOut()
			.lines()
			.filter((candidate) -> candidate.contains("traced logging check"))
			.findFirst()
			.orElseThrow();
		JsonNode json = JsonMapper.builder().build().readTree(line);
		assertThat(json.get("traceId").asString()).isEqualTo(span.context().traceId());
		assertThat(json.get("spanId").asString()).isEqualTo(span.context().spanId());
	}

}
