package io.tenantry.tenant.tenant;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

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

	private Instant createdAt;

	private Instant updatedAt;

	protected Tenant() {
	}

	Tenant(UUID id, String slug, String name, Plan plan, Instant now) {
		this.id = id;
		this.slug = slug;
		this.name = name;
		this.plan = plan;
		this.status = TenantStatus.ACTIVE;
		this.createdAt = now;
		this.updatedAt = now;
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

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
