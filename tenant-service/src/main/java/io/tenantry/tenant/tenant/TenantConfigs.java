package io.tenantry.tenant.tenant;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.tenant.events.TenantConfigChanged;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tenant's configuration: branding, locale, time zone, feature flags and its own
 * settings (a JSON object of at most {@value #MAX_SETTINGS_BYTES} bytes). Every member of
 * the tenant reads it; its OWNERs and ADMINs, and platform operators, replace it.
 */
@Service
class TenantConfigs {

	static final int MAX_SETTINGS_BYTES = 16 * 1024;

	private static final TypeReference<Map<String, Boolean>> FLAGS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final TenantRepository tenants;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final EventOutbox events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	TenantConfigs(TenantRepository tenants, JdbcTemplate jdbc, JsonMapper json, EventOutbox events,
			TransactionTemplate transactions, Clock clock) {
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.json = json;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	ConfigView get(Operator caller, UUID id) {
		return as(caller, id, () -> read(id));
	}

	ConfigView replace(Operator caller, UUID id, TenantRequests.Config request) {
		String settings = this.json.writeValueAsString((request.settings() != null) ? request.settings() : Map.of());
		if (settings.getBytes(StandardCharsets.UTF_8).length > MAX_SETTINGS_BYTES) {
			throw new InvalidRequestException("settings", "must be at most " + MAX_SETTINGS_BYTES + " bytes of JSON");
		}
		String timeZone = (request.timeZone() != null) ? request.timeZone() : "UTC";
		try {
			ZoneId.of(timeZone);
		}
		catch (DateTimeException ex) {
			throw new InvalidRequestException("timeZone", "must be an IANA time zone like Europe/Paris");
		}
		ConfigView next = new ConfigView(id,
				(request.branding() != null) ? request.branding() : new TenantRequests.Branding(null, null, null, null),
				(request.locale() != null) ? request.locale() : "en", timeZone,
				(request.features() != null) ? request.features() : Map.of(),
				this.json.readValue(settings, OBJECT), null);
		return as(caller, id, () -> {
			caller.requireAnyOf(id, "change the tenant's configuration", "OWNER", "ADMIN");
			Tenant tenant = this.tenants.findForUpdate(id).orElseThrow();
			if (tenant.getStatus() == TenantStatus.DELETED) {
				throw new ConflictException("A tenant that is DELETED cannot be configured");
			}
			ConfigView before = read(id);
			List<String> changed = new ArrayList<>();
			addIf(changed, "branding", before.branding(), next.branding());
			addIf(changed, "locale", before.locale(), next.locale());
			addIf(changed, "timeZone", before.timeZone(), next.timeZone());
			addIf(changed, "features", before.features(), next.features());
			addIf(changed, "settings", before.settings(), next.settings());
			if (changed.isEmpty()) {
				return before;
			}
			Instant now = this.clock.instant();
			this.jdbc.update("""
					insert into tenant_config (tenant_id, branding, locale, time_zone, features, settings, updated_at)
					values (?, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, ?)
					on conflict (tenant_id) do update set branding = excluded.branding, locale = excluded.locale,
					    time_zone = excluded.time_zone, features = excluded.features, settings = excluded.settings,
					    updated_at = excluded.updated_at, version = tenant_config.version + 1
					""", id, this.json.writeValueAsString(next.branding()), next.locale(), next.timeZone(),
					this.json.writeValueAsString(next.features()), settings, Timestamp.from(now));
			this.events.append(Topics.TENANT, TenantConfigChanged.TYPE, id.toString(),
					new TenantConfigChanged(id, changed));
			return read(id);
		});
	}

	private ConfigView read(UUID id) {
		return this.jdbc.query("select branding, locale, time_zone, features, settings, updated_at from tenant_config",
				(rs, row) -> new ConfigView(id, this.json.readValue(rs.getString(1), TenantRequests.Branding.class),
						rs.getString(2), rs.getString(3), this.json.readValue(rs.getString(4), FLAGS),
						this.json.readValue(rs.getString(5), OBJECT), rs.getTimestamp(6).toInstant()))
			.stream()
			.findFirst()
			.orElseGet(() -> new ConfigView(id, new TenantRequests.Branding(null, null, null, null), "en", "UTC",
					Map.of(), Map.of(), null));
	}

	/** In a transaction as the tenant the caller may see: another tenant's id is not found. */
	private <T> T as(Operator caller, UUID id, java.util.function.Supplier<T> work) {
		UUID scope = caller.platformAdmin() ? id : caller.tenantId();
		return TenantContext.callAs(scope, () -> this.transactions.execute((tx) -> {
			if (!this.tenants.existsById(id)) {
				throw new ResourceNotFoundException("Tenant", id);
			}
			return work.get();
		}));
	}

	private static void addIf(List<String> changed, String part, Object before, Object after) {
		if (!Objects.equals(before, after)) {
			changed.add(part);
		}
	}

	/** A tenant's configuration as the API shows it; {@code updatedAt} null while it has the defaults. */
	record ConfigView(UUID tenantId, TenantRequests.Branding branding, String locale, String timeZone,
			Map<String, Boolean> features, Map<String, Object> settings, Instant updatedAt) {
	}

}
