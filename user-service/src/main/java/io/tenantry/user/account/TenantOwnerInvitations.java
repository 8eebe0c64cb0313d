package io.tenantry.user.account;

import java.time.Clock;
import java.util.List;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import io.tenantry.user.events.UserCreated;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The onboarding step user-service owns: a tenant created with an {@code ownerEmail} gets
 * that person as an INVITED OWNER, with an invitation to set a password. Applied once per
 * event, and never twice for the same email.
 */
@Component
class TenantOwnerInvitations {

	static final String CREATED = "io.tenantry.tenant.created.v1";

	private final ProcessedEvents processed;

	private final UserAccountRepository accounts;

	private final Credentials credentials;

	private final EventOutbox events;

	private final Clock clock;

	TenantOwnerInvitations(ProcessedEvents processed, UserAccountRepository accounts, Credentials credentials,
			EventOutbox events, Clock clock) {
		this.processed = processed;
		this.accounts = accounts;
		this.credentials = credentials;
		this.events = events;
		this.clock = clock;
	}

	@KafkaListener(id = "user-service-tenant-owners", topics = Topics.TENANT)
	void on(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (!CREATED.equals(event.type()) || event.data() == null || !event.data().hasNonNull("ownerEmail")) {
			return;
		}
		String email = event.data().get("ownerEmail").asString().strip();
		this.processed.handleOnce("tenant-owner-invitation", event, (e) -> {
			if (this.accounts.findByEmail(email).isPresent()) {
				return;
			}
			UserAccount owner = new UserAccount(e.tenantId(), email, null, null, List.of(Role.OWNER.name()),
					this.clock.instant());
			this.accounts.saveAndFlush(owner);
			this.credentials.invite(owner);
			this.events.append(Topics.USER, UserCreated.TYPE, owner.getId().toString(),
					new UserCreated(owner.getTenantId(), owner.getId(), owner.getEmail(), null, owner.getRoles(),
							owner.getStatus().name()),
					"system", null);
		});
	}

}
