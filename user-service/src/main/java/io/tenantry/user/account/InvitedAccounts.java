package io.tenantry.user.account;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import io.tenantry.user.entitlement.Entitlements;
import io.tenantry.user.events.UserCreated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Each account is a seat of the tenant's plan ({@link Seats}), held and reported like one an
 * administrator creates:
 * <ul>
 * <li>The onboarding owner is admitted whenever it is the tenant's first account, whatever
 * the limit: a tenant is never left without anyone able to sign in.</li>
 * <li>An invitation accepted while the tenant has as many accounts as its plan allows cannot
 * be refused with an error: the event comes from Kafka, and retrying it would not free a
 * seat. No account is made and nothing is published (no invitation mail, no
 * {@code user.created}, so no membership); a warning is logged, and the event counts as
 * handled. The invitee asks again once the tenant has made room or upgraded, and an
 * administrator can still create the account directly, where the refusal is a 403 the
 * client sees.</li>
 * </ul>
 */
@Component
class InvitedAccounts {

	static final String TENANT_CREATED = "io.tenantry.tenant.created.v1";

	static final String INVITATION_ACCEPTED = "io.tenantry.organization.invitation-accepted.v1";

	private static final Logger log = LoggerFactory.getLogger(InvitedAccounts.class);

	private final ProcessedEvents processed;

	private final UserAccountRepository accounts;

	private final Credentials credentials;

	private final EventOutbox events;

	private final Seats seats;

	private final Clock clock;

	InvitedAccounts(ProcessedEvents processed, UserAccountRepository accounts, Credentials credentials,
			EventOutbox events, Seats seats, Clock clock) {
		this.processed = processed;
		this.accounts = accounts;
		this.credentials = credentials;
		this.events = events;
		this.seats = seats;
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
		Seats.Held seats = this.seats.hold(tenant);
		boolean firstOwner = role == Role.OWNER && seats.used() == 0;
		if (!firstOwner && !seats.entitlements().hasRoomFor(Entitlements.USERS, seats.used())) {
			log.warn("No {} account for {} in tenant {}: the {} plan allows {} users and the tenant has {}", role, email,
					tenant, seats.entitlements().plan(), seats.entitlements().users().orElseThrow(), seats.used());
			return;
		}
		UserAccount account = new UserAccount(tenant, email, null, null, List.of(role.name()), this.clock.instant());
		this.accounts.saveAndFlush(account);
		this.credentials.invite(account);
		this.events.append(Topics.USER, UserCreated.TYPE, account.getId().toString(),
				new UserCreated(account.getTenantId(), account.getId(), account.getEmail(), null, account.getRoles(),
						account.getStatus().name()),
				"system", null);
		this.seats.report(tenant);
	}

}
