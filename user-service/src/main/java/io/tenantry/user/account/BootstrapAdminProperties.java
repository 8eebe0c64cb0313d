package io.tenantry.user.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform operator created on first start.
 *
 * @param email the admin's login
 * @param password the initial password; when empty, a random one is generated and printed
 * once (set {@code TENANTRY_BOOTSTRAP_ADMIN_PASSWORD} in any real deployment)
 */
@ConfigurationProperties("tenantry.bootstrap-admin")
public record BootstrapAdminProperties(@DefaultValue("admin@tenantry.local") String email, String password) {

}
