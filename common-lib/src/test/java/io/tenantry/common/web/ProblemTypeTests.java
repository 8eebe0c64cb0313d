package io.tenantry.common.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTypeTests {

	@Test
	void typeUrisArePublishedSlugs() {
		assertThat(ProblemType.VALIDATION.uri()).hasToString("https://tenantry.io/problems/validation");
		assertThat(ProblemType.TENANT_MISMATCH.uri()).hasToString("https://tenantry.io/problems/tenant-mismatch");
	}

	@Test
	void statusWithoutASpecificTypeGetsTheGeneralOne() {
		assertThat(ProblemType.forStatus(400)).isEqualTo(ProblemType.BAD_REQUEST);
		assertThat(ProblemType.forStatus(401)).isEqualTo(ProblemType.UNAUTHENTICATED);
		assertThat(ProblemType.forStatus(403)).isEqualTo(ProblemType.ACCESS_DENIED);
		assertThat(ProblemType.forStatus(404)).isEqualTo(ProblemType.NOT_FOUND);
		assertThat(ProblemType.forStatus(418)).isEqualTo(ProblemType.BAD_REQUEST);
		assertThat(ProblemType.forStatus(502)).isEqualTo(ProblemType.INTERNAL);
	}

}
