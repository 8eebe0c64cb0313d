package io.tenantry.common.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTests {

	@Test
	void whatTheClientWroteFirstIsIgnoredTheGatewaysEntryCounts() {
		assertThat(ClientAddress.of("6.6.6.6, 203.0.113.7", "10.0.0.3", 1)).isEqualTo("203.0.113.7");
		assertThat(ClientAddress.of("203.0.113.7", "10.0.0.3", 1)).isEqualTo("203.0.113.7");
	}

	@Test
	void withAnIngressInFrontTheEntryBeforeTheLastCounts() {
		assertThat(ClientAddress.of("6.6.6.6, 203.0.113.7, 10.1.0.9", "10.0.0.3", 2)).isEqualTo("203.0.113.7");
		assertThat(ClientAddress.of("203.0.113.7", "10.0.0.3", 2)).isEqualTo("203.0.113.7");
	}

	@Test
	void withoutTheHeaderOrTrustedProxiesThePeerCounts() {
		assertThat(ClientAddress.of(null, "10.0.0.3", 1)).isEqualTo("10.0.0.3");
		assertThat(ClientAddress.of(" ", "10.0.0.3", 1)).isEqualTo("10.0.0.3");
		assertThat(ClientAddress.of("6.6.6.6", "10.0.0.3", 0)).isEqualTo("10.0.0.3");
	}

}
