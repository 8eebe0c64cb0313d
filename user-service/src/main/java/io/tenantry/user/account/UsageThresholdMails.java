package io.tenantry.user.account;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.IncomingEvent.MalformedEventException;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import io.tenantry.common.notification.Notification;
import io.tenantry.common.notification.Notifications;
import io.tenantry.common.tenant.PlatformTenant;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Tells the people who can act on a tenant's plan that it is running out of room: on
 * billing-service's {@code usage-threshold-reached} event (80 % or 100 % of a limit),
 * every OWNER and BILLING_ADMIN of the tenant gets one mail naming the metric, the use,
 * the limit and the plan, and what to do about it. billing-service decides when a
 * threshold is reached but holds no people; user-service holds the accounts and their
 * emails, so the mail leaves from here, beside the accounts it is addressed to (the
 * entitlements projection, which the accounts depend on, stays free of them).
 * <p>
 * Recipients are the tenant's accounts with one of those roles that are not DISABLED: an
 * invited owner (a new tenant's only one, until they set a password) and a locked-out one
 * are still the people responsible. The mails go through the notification port after the
 * transaction that records the event as handled commits, so a redelivered event mails
 * nobody twice. The platform tenant has no limits and gets no mail. The mail carries no
 * token or other secret: only numbers billing already shows the tenant.
 */
@Component
class UsageThresholdMails {

	static final String CONSUMER = "usage-threshold-mail";

	static final String USAGE_THRESHOLD_REACHED = "io.tenantry.billing.usage-threshold-reached.v1";

	static final String KIND = "usage-threshold";

	private static final List<String> RECIPIENT_ROLES = List.of(Role.OWNER.name(), Role.BILLING_ADMIN.name());

	private final ProcessedEvents processed;

	private final JdbcTemplate jdbc;

	private final Notifications notifications;

	UsageThresholdMails(ProcessedEvents processed, JdbcTemplate jdbc, Notifications notifications) {
		this.processed = processed;
		this.jdbc = jdbc;
		this.notifications = notifications;
	}

	@KafkaListener(id = "user-service-usage-thresholds", topics = Topics.BILLING)
	void on(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (!USAGE_THRESHOLD_REACHED.equals(event.type()) || PlatformTenant.ID.equals(event.tenantId())) {
			return;
		}
		Threshold threshold = Threshold.of(event);
		this.processed.handleOnce(CONSUMER, event, (e) -> mail(e.tenantId(), threshold));
	}

	private void mail(UUID tenant, Threshold threshold) {
		List<String> recipients = this.jdbc.queryForList("""
				select email from user_account
				where tenant_id = ? and status <> ? and roles && ?::text[]
				order by lower(email)
				""", String.class, tenant, AccountStatus.DISABLED.name(),
				"{" + String.join(",", RECIPIENT_ROLES) + "}");
		if (recipients.isEmpty()) {
			return;
		}
		List<String> slugs = this.jdbc.queryForList("select slug from tenant_directory where tenant_id = ?",
				String.class, tenant);
		String tenantName = slugs.isEmpty() ? null : slugs.get(0);
		for (String email : recipients) {
			this.notifications.send(new Notification(tenant, email, KIND, threshold.subject(tenantName),
					threshold.body(tenantName), null));
		}
	}

	/** What the event says was reached, read and checked before anything is recorded. */
	record Threshold(String metric, int percent, long used, long limit, String plan) {

		static Threshold of(IncomingEvent event) {
			JsonNode data = event.data();
			if (data == null) {
				throw new MalformedEventException(USAGE_THRESHOLD_REACHED + " without data");
			}
			for (String field : List.of("metric", "percent", "used", "limit", "plan")) {
				if (!data.hasNonNull(field)) {
					throw new MalformedEventException(USAGE_THRESHOLD_REACHED + " without " + field);
				}
			}
			if (data.hasNonNull("tenantId") && !event.tenantId().toString().equals(data.get("tenantId").asString())) {
				throw new MalformedEventException(USAGE_THRESHOLD_REACHED + " about another tenant than its tenantid");
			}
			return new Threshold(data.get("metric").asString(), data.get("percent").asInt(),
					data.get("used").asLong(), data.get("limit").asLong(), data.get("plan").asString());
		}

		String subject(String tenantName) {
			String what = (this.percent >= 100) ? "has reached its limit of " + noun()
					: "has used " + this.percent + "% of its " + noun();
			return "Your Tenantry tenant" + ((tenantName != null) ? " " + tenantName : "") + " " + what;
		}

		String body(String tenantName) {
			String consequence = (this.percent >= 100) ? "It has reached the limit: "
					: "Once it reaches the limit, ";
			return """
					Your tenant has used %s of %s %s (%d%%) on the %s plan.
					%snothing more can be added until its usage goes down or its plan changes.

					What you can do:
					- upgrade the plan to one with a higher limit, or
					- reduce usage: %s.

					%sYou receive this message as an owner or billing administrator of the tenant.
					""".formatted(number(this.used), number(this.limit), noun(), this.percent, this.plan, consequence,
					reduction(), (tenantName != null) ? "Tenant: " + tenantName + "\n" : "");
		}

		/** The metric as a person reads it: {@code storage_bytes} becomes "bytes of storage". */
		private String noun() {
			return switch (this.metric) {
				case "storage_bytes" -> "bytes of storage";
				case "api_calls" -> "API calls";
				default -> this.metric.replace('_', ' ');
			};
		}

		/** How a tenant lowers its use of the metric. */
		private String reduction() {
			return switch (this.metric) {
				case "storage_bytes" -> "delete stored data the tenant no longer needs";
				case "api_calls" -> "make fewer API calls";
				default -> "remove " + noun() + " the tenant no longer needs";
			};
		}

		private static String number(long value) {
			return String.format(Locale.ENGLISH, "%,d", value);
		}

	}

}
