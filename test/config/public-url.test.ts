import { describe, expect, it } from 'vitest';
import { ConfigError, configToEnv, loadConfig } from '../../shared/config.js';

const BASE_ENV = {
  AWS_REGION: 'us-east-1',
  PROXYDESK_TABLE: 'proxydesk-main',
  PROXYDESK_IMPORTS_BUCKET: 'proxydesk-imports',
  PROXYDESK_MATERIALS_BUCKET: 'proxydesk-materials',
};

describe('PROXYDESK_PUBLIC_URL (the platform address the voting page is named under)', () => {
  it('is optional, and an empty value is unset', () => {
    expect(loadConfig(BASE_ENV).publicUrl).toBeUndefined();
    expect(loadConfig({ ...BASE_ENV, PROXYDESK_PUBLIC_URL: '  ' }).publicUrl).toBeUndefined();
  });

  it('takes an http(s) URL and round-trips through configToEnv, as the CDK stack names it', () => {
    const url = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/';
    const config = loadConfig({ ...BASE_ENV, PROXYDESK_PUBLIC_URL: url });
    expect(config.publicUrl).toBe(url);
    expect(configToEnv(config).PROXYDESK_PUBLIC_URL).toBe(url);
    expect(loadConfig(configToEnv(config)).publicUrl).toBe(url);
    expect(configToEnv(loadConfig(BASE_ENV))).not.toHaveProperty('PROXYDESK_PUBLIC_URL');
  });

  it('refuses what is not an http(s) URL, naming the variable', () => {
    for (const bad of ['vote.example.com', 'ftp://vote.example.com'])
      expect(() => loadConfig({ ...BASE_ENV, PROXYDESK_PUBLIC_URL: bad })).toThrow(
        new ConfigError(
          'invalid configuration: publicUrl: PROXYDESK_PUBLIC_URL must be an http(s) URL, e.g. https://vote.example.com',
        ),
      );
  });
});
