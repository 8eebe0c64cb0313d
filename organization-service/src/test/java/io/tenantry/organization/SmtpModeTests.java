package io.tenantry.organization;

import io.tenantry.common.notification.Notifications;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** In production mode (SMTP) the service starts and has a way to mail its invitations. */
@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
@TestPropertySource(properties = { "tenantry.notifications.mode=smtp", "spring.mail.host=localhost",
		"spring.mail.port=2525" })
class SmtpModeTests {

	@Autowired
	Notifications notifications;

	@Test
	void invitationsGoOutBySmtpWhenConfiguredSo() {
		assertThat(this.notifications).isNotNull();
	}

}
