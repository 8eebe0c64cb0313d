package io.tenantry.user.account;

public enum AccountStatus {

	INVITED, ACTIVE, LOCKED, DISABLED

}
