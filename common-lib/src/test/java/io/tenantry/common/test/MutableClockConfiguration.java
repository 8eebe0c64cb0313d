package io.tenantry.common.test;

import java.time.Instant;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Replaces the application's clock with a {@link MutableClock} starting at the real time. */
@TestConfiguration(proxyBeanMethods = false)
public class MutableClockConfiguration {

	@Bean
	MutableClock clock() {
		return new MutableClock(Instant.now());
	}

}
