import { describe, expect, it } from 'vitest';
import { FluentError } from '../model/fluent-error.ts';
import { FaultController } from './fault-controller.ts';

const statuses = (controller: FaultController, count: number) =>
  Array.from({ length: count }, () => controller.decide().status ?? 200);

describe('FaultController', () => {
  it('injects nothing by default', () => {
    const controller = new FaultController();
    expect(statuses(controller, 50).every((status) => status === 200)).toBe(true);
    expect(controller.decide().delayMs).toBe(0);
  });

  it('answers about the configured share of requests 429 and 503', () => {
    const controller = new FaultController({ rate429: 0.2, rate503: 0.1, randomSeed: 7 });
    const answers = statuses(controller, 5000);
    const share = (status: number) => answers.filter((answer) => answer === status).length / answers.length;
    expect(share(429)).toBeGreaterThan(0.17);
    expect(share(429)).toBeLessThan(0.23);
    expect(share(503)).toBeGreaterThan(0.08);
    expect(share(503)).toBeLessThan(0.12);
    expect(controller.counts.tooManyRequests).toBe(answers.filter((answer) => answer === 429).length);
  });

  it('repeats exactly with the same random seed', () => {
    const settings = { rate429: 0.3, rate503: 0.3, latencyMs: 5, latencyJitterMs: 20, randomSeed: 42 };
    const run = () => {
      const controller = new FaultController(settings);
      return Array.from({ length: 200 }, () => controller.decide());
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(new Set(first.map((decision) => decision.delayMs)).size).toBeGreaterThan(5);
    expect(first.every((decision) => decision.delayMs >= 5 && decision.delayMs <= 25)).toBe(true);
    const reseeded = new FaultController(settings);
    reseeded.decide();
    reseeded.set({ randomSeed: 42 });
    expect(Array.from({ length: 200 }, () => reseeded.decide())).toEqual(first);
  });

  it('fails everything 503 during an outage and recovers on reset', () => {
    const controller = new FaultController({ retryAfterSeconds: 30 });
    controller.set({ outage: true });
    expect(controller.decide()).toEqual({ delayMs: 0, status: 503, retryAfterSeconds: 30 });
    controller.reset();
    expect(controller.decide().status).toBeUndefined();
    expect(controller.settings.retryAfterSeconds).toBe(1);
  });

  it('refuses the configured usernames permanently', () => {
    const controller = new FaultController({ failingUsernames: ['mallory@example.com'] });
    expect(() => controller.assertUserAccepted('alice@example.com')).not.toThrow();
    expect(() => controller.assertUserAccepted('mallory@example.com')).toThrow(FluentError);
    expect(controller.counts.refusedUsers).toBe(1);
  });

  it('rejects settings that make no sense, naming each', () => {
    const controller = new FaultController();
    expect(() => controller.set({ rate429: 0.7, rate503: 0.6 })).toThrow(
      'rate429 + rate503 must not exceed 1',
    );
    expect(() => controller.set({ latencyMs: -1, rate503: 2 })).toThrow(
      'Invalid fault settings: latencyMs must be a number >= 0; rate503 must be between 0 and 1',
    );
    expect(controller.settings.rate503).toBe(0);
  });
});
