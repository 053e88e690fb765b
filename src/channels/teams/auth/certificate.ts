import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ConfigurationError, ErrorCodes } from "../../../core/errors.js";

/** What msal-node needs for certificate client credentials: SHA-1 thumbprint, PKCS#8/PKCS#1 key, and the x5c chain. */
export interface BotCertificate {
  thumbprint: string;
  privateKeyPem: string;
  /** The certificate in PEM, sent as x5c so Entra can apply subject-name/issuer trust. */
  certificatePem: string;
  notAfter: Date;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/**
 * Reads the bot's certificate and private key (one PEM with both, or two files) and checks they belong
 * together, so a wrong file fails at start-up instead of at the first outgoing message.
 *
 * We compute the thumbprint ourselves: given only a PEM, botbuilder's CertificateServiceClientCredentialsFactory
 * shells out to the `openssl` binary to get it, which slim container images do not have.
 */
export async function loadBotCertificate(certificatePath: string, privateKeyPath?: string): Promise<BotCertificate> {
  const certText = await readPem(certificatePath, "MICROSOFT_APP_CERTIFICATE_PATH");
  const keyText = privateKeyPath ? await readPem(privateKeyPath, "MICROSOFT_APP_CERTIFICATE_KEY_PATH") : certText;
  const certificatePem = certText.match(CERT_BLOCK)?.[0];
  const privateKeyPem = KEY_BLOCK.exec(keyText)?.[0];
  if (!certificatePem) throw invalid("MICROSOFT_APP_CERTIFICATE_PATH", `${certificatePath} holds no PEM certificate`);
  if (!privateKeyPem) throw invalid(privateKeyPath ? "MICROSOFT_APP_CERTIFICATE_KEY_PATH" : "MICROSOFT_APP_CERTIFICATE_PATH", "no unencrypted PEM private key found");
  if (privateKeyPem.includes("ENCRYPTED")) throw invalid("MICROSOFT_APP_CERTIFICATE_KEY_PATH", "the private key is encrypted; msal-node needs it unencrypted");

  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificatePem);
  } catch (err) {
    throw invalid("MICROSOFT_APP_CERTIFICATE_PATH", `the certificate cannot be parsed (${String(err)})`);
  }
  let matches: boolean;
  try {
    matches = cert.checkPrivateKey(createPrivateKey(privateKeyPem));
  } catch (err) {
    throw invalid("MICROSOFT_APP_CERTIFICATE_KEY_PATH", `the private key cannot be parsed (${String(err)})`);
  }
  if (!matches) throw invalid("MICROSOFT_APP_CERTIFICATE_KEY_PATH", "the private key does not belong to the certificate");

  return {
    thumbprint: cert.fingerprint.replace(/:/g, "").toUpperCase(),
    privateKeyPem,
    certificatePem,
    notAfter: new Date(cert.validTo),
  };
}

async function readPem(path: string, field: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    throw invalid(field, `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function invalid(field: string, message: string): ConfigurationError {
  return new ConfigurationError(ErrorCodes.CONFIG_INVALID, `${field}: ${message}`, { issues: [{ field, message }] });
}
