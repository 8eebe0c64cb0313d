package io.tenantry.tenant.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.tenantry.common.web.ConflictException;

@Entity
@Table(name = "tenant")
class Tenant {

	@Id
	@Column(name = "tenant_id")
	private UUID id;

	private String slug;

	private String name;

	@Enumerated(EnumType.STRING)
	private TenantStatus status;

	@Enumerated(EnumType.STRING)
	private Plan plan;

	private String region;

	private String ownerEmail;

	private String ownerName;

	private String statusReason;

	private Instant suspendedAt;

	@Enumerated(EnumType.STRING)
	private Suspension suspendedFor;

	private Instant deletionRequestedAt;

	private Instant purgeAfter;

	private Instant deletedAt;

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private long version;

	protected Tenant() {
	}

	Tenant(UUID id, String slug, String name, Plan plan, String region, String ownerEmail, String ownerName,
			TenantStatus status, Instant now) {
		this.id = id;
		this.slug = slug;
		this.name = name;
		this.plan = plan;
		this.region = region;
		this.ownerEmail = ownerEmail;
		this.ownerName = ownerName;
		this.status = status;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/**
	 * Applies an update; the slug may change only before the tenant is first active, since
	 * logins and URLs name it from then on. The plan is not changed here: it is
	 * billing-service's ({@link #followPlan}).
	 */
	void update(TenantRequests.Update update, boolean platformAdmin, Instant now) {
		requireNot(TenantStatus.DELETED, "updated");
		if (update.slug() != null && !update.slug().equals(this.slug)) {
			if (this.status != TenantStatus.PROVISIONING) {
				throw new ConflictException("The slug of a tenant cannot change once it has been active");
			}
			this.slug = update.slug();
		}
		if (update.name() != null) {
			this.name = update.name().strip();
		}
		if (update.ownerEmail() != null) {
			this.ownerEmail = update.ownerEmail();
		}
		if (update.ownerName() != null) {
			this.ownerName = update.ownerName().strip();
		}
		if (platformAdmin && update.region() != null) {
			this.region = update.region();
		}
		this.updatedAt = now;
	}

	void suspend(String reason, Suspension cause, Instant now) {
		moveTo(TenantStatus.SUSPENDED, "suspended", now);
		this.statusReason = reason;
		this.suspendedAt = now;
		this.suspendedFor = cause;
	}

	/** Whether billing-service's payment may lift the suspension: only its own. */
	boolean isSuspendedForNonPayment() {
		return this.status == TenantStatus.SUSPENDED && this.suspendedFor == Suspension.NONPAYMENT;
	}

	/**
	 * Takes the plan billing-service put into effect.
	 * @return whether it changed
	 */
	boolean followPlan(Plan plan, Instant now) {
		requireNot(TenantStatus.DELETED, "updated");
		if (this.plan == plan) {
			return false;
		}
		this.plan = plan;
		this.updatedAt = now;
		return true;
	}

	/** The end of provisioning: every onboarding step is done. */
	void activate(Instant now) {
		moveTo(TenantStatus.ACTIVE, "activated", now);
	}

	void reactivate(Instant now) {
		moveTo(TenantStatus.ACTIVE, "reactivated", now);
		this.statusReason = null;
		this.suspendedAt = null;
		this.suspendedFor = null;
		this.deletionRequestedAt = null;
		this.purgeAfter = null;
	}

	void scheduleDeletion(String reason, Duration grace, Instant now) {
		moveTo(TenantStatus.PENDING_DELETION, "deleted", now);
		this.statusReason = reason;
		this.deletionRequestedAt = now;
		this.purgeAfter = now.plus(grace);
	}

	void markDeleted(Instant now) {
		moveTo(TenantStatus.DELETED, "purged", now);
		this.deletedAt = now;
		this.purgeAfter = null;
	}

	private void moveTo(TenantStatus next, String verb, Instant now) {
		if (!this.status.canBecome(next)) {
			throw new ConflictException("A tenant that is " + this.status + " cannot be " + verb);
		}
		this.status = next;
		this.updatedAt = now;
	}

	private void requireNot(TenantStatus status, String verb) {
		if (this.status == status) {
			throw new ConflictException("A tenant that is " + this.status + " cannot be " + verb);
		}
	}

	UUID getId() {
		return this.id;
	}

	String getSlug() {
		return this.slug;
	}

	String getName() {
		return this.name;
	}

	TenantStatus getStatus() {
		return this.status;
	}

	Plan getPlan() {
		return this.plan;
	}

	String getRegion() {
		return this.region;
	}

	String getOwnerEmail() {
		return this.ownerEmail;
	}

	String getOwnerName() {
		return this.ownerName;
	}

	String getStatusReason() {
		return this.statusReason;
	}

	Instant getSuspendedAt() {
		return this.suspendedAt;
	}

	Suspension getSuspendedFor() {
		return this.suspendedFor;
	}

	Instant getDeletionRequestedAt() {
		return this.deletionRequestedAt;
	}

	Instant getPurgeAfter() {
		return this.purgeAfter;
	}

	Instant getDeletedAt() {
		return this.deletedAt;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	long getVersion() {
		return this.version;
	}

}
