import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

/**
 * One RSA signing key with its public JWK. Bot Framework validates channel tokens with RS256 and
 * looks the key up by `kid`, and refuses keys whose `endorsements` do not name the activity's channel.
 */
export interface SigningKey {
  kid: string;
  publicJwk: JWK & { endorsements?: string[] };
  sign(payload: JWTPayload): Promise<string>;
}

export async function createSigningKey(endorsements: string[]): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomUUID();
  const jwk = await exportJWK(publicKey);
  const publicJwk = { ...jwk, kid, use: "sig", alg: "RS256", ...(endorsements.length > 0 ? { endorsements } : {}) };
  return {
    kid,
    publicJwk,
    sign: (payload) => signWith(privateKey, kid, payload),
  };
}

function signWith(privateKey: CryptoKey, kid: string, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "RS256", typ: "JWT", kid }).sign(privateKey);
}
