package io.tenantry.user.account;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import io.tenantry.user.events.UserCreated;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Accounts other services ask for, each an INVITED user with an invitation to set a
 * password, made once per event and never twice for the same email:
 * <ul>
 * <li>the onboarding step user-service owns: a tenant created with an {@code ownerEmail}
 * gets that person as its first OWNER;</li>
 * <li>an organization invitation accepted by someone without an account gets them a MEMBER
 * account; organization-service makes the membership on its {@code user.created}.</li>
 * </ul>
 */
@Component
class InvitedAccounts {

	static final String TENANT_CREATED = "io.tenantry.tenant.created.v1";

	static final String INVITATION_ACCEPTED = "io.tenantry.organization.invitation-accepted.v1";

	private final ProcessedEvents processed;

	private final UserAccountRepository accounts;

	private final Credentials credentials;

	private final EventOutbox events;

	private final Clock clock;

	InvitedAccounts(ProcessedEvents processed, UserAccountRepository accounts, Credentials credentials,
			EventOutbox events, Clock clock) {
		this.processed = processed;
		this.accounts = accounts;
		this.credentials = credentials;
		this.events = events;
		this.clock = clock;
	}

	@KafkaListener(id = "user-service-tenant-owners", topics = Topics.TENANT)
	void onTenantEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (TENANT_CREATED.equals(event.type()) && event.data() != null && event.data().hasNonNull("ownerEmail")) {
			String email = event.data().get("ownerEmail").asString().strip();
			this.processed.handleOnce("tenant-owner-invitation", event,
					(e) -> inviteIfAbsent(e.tenantId(), email, Role.OWNER));
		}
	}

	@KafkaListener(id = "user-service-organization-invitations", topics = Topics.ORGANIZATION)
	void onOrganizationEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (INVITATION_ACCEPTED.equals(event.type()) && event.data() != null && event.data().hasNonNull("email")
				&& !event.data().hasNonNull("userId")) {
			String email = event.data().get("email").asString().strip();
			this.processed.handleOnce("organization-invitation", event,
					(e) -> inviteIfAbsent(e.tenantId(), email, Role.MEMBER));
		}
	}

	private void inviteIfAbsent(UUID tenant, String email, Role role) {
		if (this.accounts.findByEmail(email).isPresent()) {
			return;
		}
		UserAccount account = new UserAccount(tenant, email, null, null, List.of(role.name()), this.clock.instant());
		this.accounts.saveAndFlush(account);
		this.credentials.invite(account);
		this.events.append(Topics.USER, UserCreated.TYPE, account.getId().toString(),
				new UserCreated(account.getTenantId(), account.getId(), account.getEmail(), null, account.getRoles(),
						account.getStatus().name()),
				"system", null);
	}

}
