import rule from '../../rules/no-client-in-handler.js';
import { createClientConstructionDetector } from '../../src/families/clients/construction.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { detectorOptions } from '../helpers/client-rules.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/**
 * A long-lived service's own factory method (its methods call `this.createClient()`), a NestJS
 * TRANSIENT provider's methods, and a client package reached through a field the class types as
 * that module (`private grpc!: typeof Microservices`, loaded as an optional dependency).
 */
const factoryMethod = (caller: string): string => `import { Injectable } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
@Injectable()
export class HealthService {
  private createClient(url: string) {
    return ClientProxyFactory.create({ transport: Transport.GRPC, options: { url } });
  }
${caller}
}`;

const transientSend = (scope: string): string => `import { Injectable, Scope } from '@nestjs/common';
import { createTransport } from 'nodemailer';
@Injectable({ scope: ${scope} })
export class Mailer {
  async send(to: string, html: string) {
    const transporter = createTransport({ host: process.env.SMTP_HOST, pool: true });
    await transporter.sendMail({ to, html });
  }
}`;

const typedModuleField = (type: string, method: string): string => `import { Injectable } from '@nestjs/common';
import type * as Microservices from '@nestjs/microservices';
@Injectable()
export class GrpcHealth {
  private microservices!: ${type};
  constructor() {
    this.microservices = loadPackage('@nestjs/microservices');
  }
${method}
}`;

ruleTester.run('no-client-in-handler (service factories)', rule, {
  valid: checkExemptions(
    [
      // The factory method called once, where the service starts: one client for its life.
      {
        code: factoryMethod(`  onModuleInit() {
    this.client = this.createClient(process.env.HEALTH_URL!);
  }`),
      },
      // A method that hands the factory's client on: whoever calls it decides.
      {
        code: factoryMethod(`  connect(url: string) {
    return this.createClient(url);
  }`),
        exemptBy: 'returned-by-service',
      },
      // Another class's method of the same name is not this factory.
      {
        code: `${factoryMethod('')}
export class Checker {
  constructor(private readonly other: { createClient(url: string): unknown }) {}
  check(url: string) {
    const client = this.createClient(url);
    return client;
  }
  createClient(url: string) {
    return this.other.createClient(url);
  }
}`,
      },
      // A request-scoped provider still dies with its request.
      { code: transientSend('Scope.REQUEST') },
      // The module field used once, in the constructor.
      {
        code: typedModuleField(
          'typeof Microservices',
          `  private readonly client = this.microservices.ClientProxyFactory.create({ transport: 4 });`,
        ),
      },
      // A field typed as a class of the package, not the module: nothing to follow.
      {
        code: `import { Injectable } from '@nestjs/common';
import type { ClientProxyFactory } from '@nestjs/microservices';
@Injectable()
export class GrpcHealth {
  private factory!: typeof ClientProxyFactory;
  async check() {
    const client = this.factory.create({ transport: 4 });
    await client.connect();
  }
}`,
      },
    ],
    createClientConstructionDetector,
    detectorOptions,
  ),
  invalid: [
    // Every health check calls the service's own factory: a new gRPC client per check.
    {
      code: factoryMethod(`  async check(url: string) {
    const client = this.createClient(url);
    return client.getService('Health');
  }`),
      errors: [
        {
          messageId: 'clientInHandler',
          line: 9,
          data: {
            client: 'this.createClient()',
            where:
              'method `check` of class `HealthService` (a method of `HealthService`, kept as a singleton by NestJS, called again and again)',
          },
        },
      ],
    },
    // A TRANSIENT provider is one per class it is injected into, and each one's send() runs per email.
    {
      code: transientSend('Scope.TRANSIENT'),
      errors: [
        {
          messageId: 'clientInHandler',
          line: 6,
          data: {
            client: 'createTransport()',
            where:
              'method `send` of class `Mailer` (a method of `Mailer`, built by NestJS once per class it is injected into, called again and again)',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // The package loaded as an optional dependency, named only by the field's type.
    ...['typeof Microservices', "typeof import('@nestjs/microservices')"].map((type) => ({
      code: typedModuleField(
        type,
        `  async check(url: string) {
    const client = this.microservices.ClientProxyFactory.create({ transport: 4, options: { url } });
    await client.connect();
  }`,
      ),
      errors: [{ messageId: 'clientInHandler' as const, line: 10 }],
    })),
    // The same call in a method written as an arrow-function field: `this` is the instance too.
    {
      code: typedModuleField(
        'typeof Microservices',
        `  check = async (url: string) => {
    const client = this.microservices.ClientProxyFactory.create({ transport: 4, options: { url } });
    await client.connect();
  };`,
      ),
      errors: [{ messageId: 'clientInHandler' as const, line: 10 }],
    },
  ],
});
