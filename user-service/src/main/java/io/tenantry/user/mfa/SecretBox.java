package io.tenantry.user.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (TOTP seeds) with AES-256-GCM under a key per tenant, derived
 * from the master key ({@code tenantry.secrets.master-key}, base64 of 32 bytes) with
 * HMAC-SHA256 over the tenant id. The tenant and the user are the associated data, so a
 * seed copied to another row does not decrypt. Layout: version byte, 12-byte nonce,
 * ciphertext and tag.
 */
@Component
public class SecretBox {

	private static final byte VERSION = 1;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] masterKey;

	SecretBox(Properties properties) {
		this.masterKey = Base64.getDecoder().decode(properties.masterKey());
		if (this.masterKey.length != 32) {
			throw new IllegalStateException("tenantry.secrets.master-key must be base64 of 32 bytes");
		}
	}

	public byte[] seal(UUID tenantId, UUID userId, byte[] plaintext) {
		try {
			byte[] nonce = new byte[12];
			RANDOM.nextBytes(nonce);
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, tenantId, userId, nonce);
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + nonce.length + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt", ex);
		}
	}

	public byte[] open(UUID tenantId, UUID userId, byte[] box) {
		if (box == null || box.length < 1 + 12 + 16 || box[0] != VERSION) {
			throw new IllegalStateException("Not a sealed secret");
		}
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, tenantId, userId, Arrays.copyOfRange(box, 1, 13));
			return cipher.doFinal(box, 13, box.length - 13);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot decrypt a sealed secret", ex);
		}
	}

	private Cipher cipher(int mode, UUID tenantId, UUID userId, byte[] nonce) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(this.masterKey, "HmacSHA256"));
		byte[] tenantKey = mac.doFinal(("tenantry-secrets:" + tenantId).getBytes(StandardCharsets.UTF_8));
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, new SecretKeySpec(tenantKey, "AES"), new GCMParameterSpec(128, nonce));
		cipher.updateAAD((tenantId + "/" + userId).getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	/**
	 * @param masterKey base64 of 32 bytes; the default is for local runs only, set
	 * {@code TENANTRY_SECRETS_MASTER_KEY} anywhere else
	 */
	@ConfigurationProperties("tenantry.secrets")
	record Properties(@DefaultValue("bG9jYWwtb25seS1tYXN0ZXIta2V5LWRvLW5vdC11c2U=") String masterKey) {
	}

}
