import { describe, expect, it } from 'vitest';
import { isClientExport, isClientStaticFactory, userEntries } from '../../src/families/clients/catalogue-match.js';
import { CLIENT_CATALOGUE, SHARED_TRANSPORT_CLIENTS } from '../../src/knowledge/clients.js';

const value = (source: string, ...path: string[]) => ({ source, path });

describe('client catalogue', () => {
  it.each([
    ['@aws-sdk/client-s3', ['S3Client']],
    // The aggregated client names the service.
    ['@aws-sdk/client-s3', ['S3']],
    ['@aws-sdk/client-secrets-manager', ['SecretsManager']],
    ['@aws-sdk/client-dynamodb', ['DynamoDBClient']],
    ['aws-sdk', ['S3']],
    ['aws-sdk', ['default', 'DynamoDB']],
    ['aws-sdk/clients/s3', ['default']],
    ['aws-sdk/clients/s3', []],
    ['@google-cloud/storage', ['Storage']],
    ['@google-cloud/secret-manager', ['v1', 'SecretManagerServiceClient']],
    ['@azure/storage-blob', ['BlobServiceClient']],
    ['pg', ['Pool']],
    ['pg', ['default', 'Client']],
    ['mongodb', ['MongoClient']],
    ['ioredis', ['default']],
    ['ioredis', ['Cluster']],
    ['@prisma/client', ['PrismaClient']],
    ['sequelize', ['Sequelize']],
    ['typeorm', ['DataSource']],
    ['@elastic/elasticsearch', ['Client']],
    ['kafkajs', ['Kafka']],
    ['bullmq', ['Queue']],
    ['undici', ['Agent']],
    ['http', ['Agent']],
    ['https', ['Agent']],
    ['applicationinsights', ['TelemetryClient']],
    ['applicationinsights/out/Library/NodeClient.js', ['default']],
    ['@grpc/grpc-js', ['Client']],
    ['@grpc/grpc-js', ['Channel']],
    ['@opensearch-project/opensearch', ['Client']],
    ['@neondatabase/serverless', ['Pool']],
    ['mssql', ['ConnectionPool']],
    ['cassandra-driver', ['Client']],
    ['bull', ['default']],
  ])('new %s %j is a client', (source, path) => {
    expect(isClientExport(CLIENT_CATALOGUE, value(source, ...path), 'constructor')).toBe(true);
  });

  it.each([
    ['mysql', ['createPool']],
    ['mysql2/promise', ['default', 'createConnection']],
    ['mongoose', ['createConnection']],
    ['redis', ['createClient']],
    ['knex', []],
    ['knex', ['knex']],
    ['amqplib', ['connect']],
    ['nodemailer', ['createTransport']],
    ['@supabase/supabase-js', ['createClient']],
    ['puppeteer', ['default', 'launch']],
    ['puppeteer-core', ['launch']],
    ['postgres', ['default']],
    ['postgres', []],
    ['@redis/client', ['createClient']],
    ['neo4j-driver', ['driver']],
    ['mqtt', ['connect']],
    ['nats', ['connect']],
    ['bull', []],
  ])('%s %j() is a client factory', (source, path) => {
    expect(isClientExport(CLIENT_CATALOGUE, value(source, ...path), 'factory')).toBe(true);
  });

  it('knows static factories', () => {
    expect(
      isClientStaticFactory(CLIENT_CATALOGUE, value('@aws-sdk/lib-dynamodb', 'DynamoDBDocumentClient'), 'from'),
    ).toBe(true);
    expect(
      isClientStaticFactory(CLIENT_CATALOGUE, value('@azure/storage-blob', 'BlobServiceClient'), 'getProperties'),
    ).toBe(false);
    expect(
      isClientStaticFactory(
        CLIENT_CATALOGUE,
        value('@azure/storage-blob', 'BlobServiceClient'),
        'fromConnectionString',
      ),
    ).toBe(true);
    expect(isClientStaticFactory(CLIENT_CATALOGUE, value('mongodb', 'MongoClient'), 'connect')).toBe(true);
    expect(
      isClientStaticFactory(CLIENT_CATALOGUE, value('@nestjs/microservices', 'ClientProxyFactory'), 'create'),
    ).toBe(true);
    expect(isClientStaticFactory(CLIENT_CATALOGUE, value('playwright', 'chromium'), 'launch')).toBe(true);
    expect(isClientStaticFactory(CLIENT_CATALOGUE, value('@playwright/test', 'firefox'), 'launch')).toBe(true);
    // A browser's pages and contexts are opened from the browser, not from the package.
    expect(isClientStaticFactory(CLIENT_CATALOGUE, value('playwright', 'devices'), 'launch')).toBe(false);
  });

  it.each([
    // Helpers and commands that share a package with clients.
    ['@aws-sdk/client-s3', ['GetObjectCommand'], 'constructor'],
    ['@aws-sdk/client-s3', ['NoSuchKey'], 'constructor'],
    ['@aws-sdk/client-s3', ['S3ServiceException'], 'constructor'],
    ['@aws-sdk/client-s3', ['S3'], 'factory'],
    ['aws-sdk', ['Config'], 'constructor'],
    ['aws-sdk', ['SharedIniFileCredentials'], 'constructor'],
    ['aws-sdk', ['default'], 'constructor'],
    ['pg', ['types'], 'constructor'],
    ['http', ['Server'], 'constructor'],
    ['axios', ['default'], 'factory'],
    ['axios', ['default', 'get'], 'factory'],
    // An instance shares the global agent unless given one: no sockets of its own.
    ['axios', ['default', 'create'], 'factory'],
    ['got', ['default', 'extend'], 'factory'],
    // SDK clients that send through one keep-alive agent their package keeps per process.
    ['openai', ['default'], 'constructor'],
    ['openai', ['AzureOpenAI'], 'constructor'],
    ['@anthropic-ai/sdk', ['default'], 'constructor'],
    ['stripe', ['default'], 'constructor'],
    ['@slack/web-api', ['WebClient'], 'constructor'],
    // A class called Client from a package that is not in the catalogue.
    ['./client', ['Client'], 'constructor'],
    // A factory is not a constructor and the other way round.
    ['pg', ['Pool'], 'factory'],
    // grpc-js helpers that build no connection.
    ['@grpc/grpc-js', ['Metadata'], 'constructor'],
    ['puppeteer', ['default', 'executablePath'], 'factory'],
    ['redis', ['createClient'], 'constructor'],
    // postgres's tagged-template helpers and neo4j's auth helpers build no connection.
    ['postgres', ['default', 'json'], 'factory'],
    ['neo4j-driver', ['auth', 'basic'], 'factory'],
  ] as const)('%s %j is not a %s', (source, path, kind) => {
    expect(isClientExport(CLIENT_CATALOGUE, value(source, ...path), kind)).toBe(false);
  });

  it('turns the clients option into entries: names match new and calls, Name.method a static factory', () => {
    const entries = userEntries([{ package: 'my-sdk', exports: ['Client', 'createClient', 'Client.fromUrl'] }]);
    expect(isClientExport(entries, value('my-sdk', 'Client'), 'constructor')).toBe(true);
    expect(isClientExport(entries, value('my-sdk', 'createClient'), 'factory')).toBe(true);
    expect(isClientStaticFactory(entries, value('my-sdk', 'Client'), 'fromUrl')).toBe(true);
    expect(isClientExport(entries, value('other-sdk', 'Client'), 'constructor')).toBe(false);
  });
});

describe('clients that share their transport', () => {
  it('are never in the catalogue as well', () => {
    const catalogued = new Set(CLIENT_CATALOGUE.map((entry) => String(entry.package)));
    expect(SHARED_TRANSPORT_CLIENTS.filter((entry) => catalogued.has(entry.package))).toEqual([]);
  });
});

describe('client catalogue as the docs show it', () => {
  it('names every pattern package for the docs', () => {
    const unnamed = CLIENT_CATALOGUE.filter((entry) => typeof entry.package !== 'string' && entry.label === undefined);
    expect(unnamed).toEqual([]);
  });
});
