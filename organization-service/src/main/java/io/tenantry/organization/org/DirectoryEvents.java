package io.tenantry.organization.org;

import java.sql.Timestamp;
import java.util.UUID;

import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What organization-service learns from the other services, each event applied once:
 * <ul>
 * <li>from user-service, the tenant's users (id, email, status), so members can be
 * checked; a deleted user loses every membership; a new user gets the memberships of the
 * invitations they accepted before having an account;</li>
 * <li>from tenant-service, a created tenant gets its root organization, named after it
 * (the organization step of onboarding). A deleted tenant's rows are purged by
 * common-lib's {@code TenantData}, like every service's.</li>
 * </ul>
 */
@Component
class DirectoryEvents {

	static final String USERS = "organization-users";

	static final String TENANTS = "organization-tenants";

	private final ProcessedEvents processed;

	private final JdbcTemplate jdbc;

	private final Memberships memberships;

	private final Organizations organizations;

	private final Invitations invitations;

	DirectoryEvents(ProcessedEvents processed, JdbcTemplate jdbc, Memberships memberships,
			Organizations organizations, Invitations invitations) {
		this.processed = processed;
		this.jdbc = jdbc;
		this.memberships = memberships;
		this.organizations = organizations;
		this.invitations = invitations;
	}

	@KafkaListener(id = "organization-service-users", topics = Topics.USER)
	void onUserEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		JsonNode data = event.data();
		if (data == null || !data.hasNonNull("userId") || !event.type().startsWith("io.tenantry.user.")) {
			return;
		}
		UUID user = UUID.fromString(data.get("userId").asString());
		this.processed.handleOnce(USERS, event, (e) -> {
			Timestamp at = Timestamp.from(e.time());
			switch (e.type()) {
				case "io.tenantry.user.created.v1", "io.tenantry.user.updated.v1" -> {
					if (data.hasNonNull("email")) {
						upsert(e.tenantId(), user, data.get("email").asString(),
								data.hasNonNull("status") ? data.get("status").asString() : null, at);
						this.invitations.userCreated(user, data.get("email").asString());
					}
				}
				case "io.tenantry.user.status-changed.v1" -> this.jdbc.update(
						"update org_user set status = ?, updated_at = ? where user_id = ? and updated_at <= ?",
						data.get("to").asString(), at, user, at);
				case "io.tenantry.user.deleted.v1" -> {
					this.memberships.removeUser(user);
					this.jdbc.update("delete from org_user where user_id = ?", user);
				}
				default -> {
				}
			}
		});
	}

	@KafkaListener(id = "organization-service-tenants", topics = Topics.TENANT)
	void onTenantEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		JsonNode data = event.data();
		if ("io.tenantry.tenant.created.v1".equals(event.type())) {
			this.processed.handleOnce(TENANTS, event,
					(e) -> this.organizations.createRoot((data != null && data.hasNonNull("name"))
							? data.get("name").asString() : "Organization"));
		}
	}

	private void upsert(UUID tenant, UUID user, String email, String status, Timestamp at) {
		this.jdbc.update("""
				insert into org_user (tenant_id, user_id, email, status, updated_at) values (?, ?, ?, coalesce(?, 'ACTIVE'), ?)
				on conflict (tenant_id, user_id) do update set email = excluded.email,
				    status = coalesce(?, org_user.status), updated_at = excluded.updated_at
				where org_user.updated_at <= excluded.updated_at
				""", tenant, user, email, status, at, status);
	}

}
