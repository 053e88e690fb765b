import {
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from "botbuilder";
import {
  AuthenticationConfiguration,
  AuthenticationConstants,
  AuthenticationError,
  CertificateServiceClientCredentialsFactory,
  JwtTokenProviderFactory,
  ManagedIdentityServiceClientCredentialsFactory,
  PasswordServiceClientCredentialFactory,
  type BotFrameworkAuthentication,
  type Claim,
  type ServiceClientCredentialsFactory,
} from "botframework-connector";
import { loadBotCertificate } from "./certificate.js";
import { ClientSecretCredentialsFactory } from "./client-secret-credentials.js";
import { PUBLIC_CLOUD, type TeamsAuthConfig } from "./config.js";

/**
 * Everything botbuilder needs to authenticate the bot, in the three shapes its entry points take:
 * `ConfigurationBotFrameworkAuthentication(options, credentialsFactory, authConfiguration)` and
 * teams-ai's `TeamsAdapter(options, credentialsFactory, authConfiguration)` take the same triple, so the
 * channel can build either from this one value.
 */
export interface BotAuthentication {
  /** Undefined in anonymous mode. */
  appId: string | undefined;
  options: ConfigurationBotFrameworkAuthenticationOptions;
  credentialsFactory: ServiceClientCredentialsFactory;
  authConfiguration: AuthenticationConfiguration;
  /** Things the operator must see in the log at start-up (anonymous mode, certificate about to expire). */
  warnings: string[];
}

export interface BuildBotAuthenticationDeps {
  /** Used by the client-secret path against a custom token endpoint. */
  fetch?: typeof fetch;
  now?: () => number;
}

const CERTIFICATE_WARNING_DAYS = 30;

export async function buildBotAuthentication(config: TeamsAuthConfig, deps: BuildBotAuthenticationDeps = {}): Promise<BotAuthentication> {
  const { endpoints } = config;
  const tenantForLogin = config.mode === "authenticated" ? config.tenantId : AuthenticationConstants.DefaultChannelAuthTenant;
  const loginUrlWithTenant = `${endpoints.loginUrl}/${tenantForLogin}`;
  // Any of these set makes botbuilder's factory use exactly what we give it instead of its public-cloud table,
  // so every value must be filled in, including the emulator metadata URL (pointed at our own issuer so an
  // emulator-looking token never makes the bot fetch keys from the internet in offline dev).
  const options: ConfigurationBotFrameworkAuthenticationOptions = endpoints.custom
    ? {
        ToBotFromChannelOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
        ToBotFromChannelTokenIssuer: endpoints.tokenIssuer,
        ToBotFromEmulatorOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
        ToChannelFromBotLoginUrl: loginUrlWithTenant,
        ToChannelFromBotOAuthScope: endpoints.oauthScope,
        OAuthUrl: AuthenticationConstants.OAuthUrl,
        CallerId: CallerIdConstants.PublicAzureChannel,
        ValidateAuthority: true,
      }
    : {};

  if (config.mode === "anonymous") {
    return {
      appId: undefined,
      options,
      // An empty app id is botbuilder's switch for "authentication disabled", inbound and outbound.
      credentialsFactory: new PasswordServiceClientCredentialFactory("", ""),
      authConfiguration: new AuthenticationConfiguration([]),
      warnings: [config.warning],
    };
  }

  const warnings: string[] = [];
  let credentialsFactory: ServiceClientCredentialsFactory;
  switch (config.credential.type) {
    case "password":
      credentialsFactory =
        endpoints.loginUrl === PUBLIC_CLOUD.loginUrl
          ? new PasswordServiceClientCredentialFactory(config.appId, config.credential.password, config.tenantId)
          : new ClientSecretCredentialsFactory({
              appId: config.appId,
              clientSecret: config.credential.password,
              tokenEndpoint: `${loginUrlWithTenant}/oauth2/v2.0/token`,
              ...(deps.fetch ? { fetch: deps.fetch } : {}),
              ...(deps.now ? { now: deps.now } : {}),
            });
      break;
    case "certificate": {
      const cert = await loadBotCertificate(config.credential.certificatePath, config.credential.privateKeyPath);
      const daysLeft = (cert.notAfter.getTime() - (deps.now ?? Date.now)()) / 86_400_000;
      if (daysLeft < CERTIFICATE_WARNING_DAYS) {
        warnings.push(`The bot certificate ${cert.thumbprint} expires ${cert.notAfter.toISOString()} (${Math.floor(daysLeft)} days).`);
      }
      credentialsFactory = new CertificateServiceClientCredentialsFactory(config.appId, cert.thumbprint, cert.privateKeyPem, config.tenantId, cert.certificatePem);
      break;
    }
    case "managedIdentity":
      credentialsFactory = new ManagedIdentityServiceClientCredentialsFactory(config.appId, new JwtTokenProviderFactory());
      break;
  }

  return {
    appId: config.appId,
    options,
    credentialsFactory,
    authConfiguration: new AuthenticationConfiguration([], onlyChannelTokensFrom(endpoints.tokenIssuer)),
    warnings,
  };
}

/** The plain botbuilder object, for a CloudAdapter or anything else that takes a BotFrameworkAuthentication. */
export function createBotFrameworkAuthentication(auth: BotAuthentication): BotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication(auth.options, auth.credentialsFactory, auth.authConfiguration);
}

/**
 * botbuilder picks the token validation path from claims the caller controls: the activity's `channelId`
 * ("AseChannel" checks only `appid`, not `aud`), an emulator-style `iss`, or a `ver`+`appid` pair (skill).
 * A Teams bot only ever hears from the Bot Connector, so anything not issued by the channel issuer is refused.
 * Thrown as AuthenticationError because CloudAdapter answers 500 to any other error.
 */
function onlyChannelTokensFrom(issuer: string) {
  return async (claims: Claim[]): Promise<void> => {
    const iss = claims.find((c) => c.type === AuthenticationConstants.IssuerClaim)?.value;
    if (iss !== issuer) {
      throw new AuthenticationError(`Unauthorized. Tokens from ${String(iss)} are not accepted; expected ${issuer}.`, StatusCodes.UNAUTHORIZED);
    }
  };
}
