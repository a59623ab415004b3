// PortfolioScorer.queueActivityCodes (activities folded a batch at a time) and addActivityCodes give exactly what
// addActivityOn gives one by one, in the same order, also when the three are interleaved, with orphans, future
// activities, unlinked (account-only) activities and ties that only the order decides.
import fc from 'fast-check';
import { DEFAULT_MODEL_CONFIG } from './config';
import { channelCode, outcomeCode } from './contact';
import { dayNumber, isoFromDayNumber } from './dates';
import { AS_OF, contact, emptyAccount, healthyAccount } from './fixtures';
import { headerOf } from './fold';
import { PortfolioScorer } from './portfolio';
import type { Channel, Outcome } from './types';

const runs = (n: number) => (process.env.STRYKER_MUTATOR_WORKER ? Math.ceil(n / 4) : n);
const AS_OF_DAY = dayNumber(AS_OF);

const step = fc.record({
    how: fc.constantFrom('queue', 'queue', 'queue', 'on', 'codes'),
    contactId: fc.constantFrom<string | null>('c1', 'c2', 'c3', 'h1', 'nobody', null, ''),
    accountId: fc.constantFrom<string | null>('acc-1', 'acc-2', 'acc-gone', null),
    // Few distinct days: ties that only the order of the activities decides (the freshest engagement's channel).
    age: fc.oneof(fc.constantFrom(-3, 0, 1, 2, 30), fc.integer({ min: -10, max: 900 })),
    channel: fc.constantFrom<Channel>('Meeting', 'Call', 'Email', 'Message'),
    outcome: fc.constantFrom<Outcome | null>('Positive', 'Neutral', 'Negative', null),
    owner: fc.constantFrom<string | null>('r1', 'r2', 'r3', null)
});

function portfolio(): PortfolioScorer {
    const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
    scorer.addAccount(headerOf(emptyAccount('acc-1')));
    scorer.addAccount(headerOf(emptyAccount('acc-2')));
    scorer.addAccount(headerOf(healthyAccount('acc-3')));
    scorer.addContact('acc-1', contact('c1', 'Decision Maker'));
    scorer.addContact('acc-1', contact('c2', 'User'));
    scorer.addContact('acc-2', contact('c3', 'Approver'));
    scorer.addContact('acc-3', contact('h1', 'Influencer'));
    return scorer;
}

describe('PortfolioScorer activities in batches', () => {
    it('queued, by codes or one by one: the same results, stats and inflation, in the same order', () => {
        fc.assert(
            fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
                const one = portfolio();
                const mixed = portfolio();
                let queuedOrphans = 0;
                let reported = 0;
                steps.forEach((s, i) => {
                    const day = AS_OF_DAY - s.age;
                    const accepted = one.addActivityOn(
                        s.contactId,
                        s.accountId,
                        isoFromDayNumber(day),
                        s.channel,
                        s.outcome,
                        s.owner
                    );
                    const codes = [
                        s.contactId,
                        s.accountId,
                        day,
                        channelCode(s.channel),
                        outcomeCode(s.outcome),
                        s.owner
                    ] as const;
                    if (s.how === 'queue') {
                        mixed.queueActivityCodes(...codes);
                        if (!accepted) queuedOrphans++;
                    } else if (s.how === 'codes') expect(mixed.addActivityCodes(...codes)).toBe(accepted);
                    else
                        expect(
                            mixed.addActivityOn(
                                s.contactId,
                                s.accountId,
                                isoFromDayNumber(day),
                                s.channel,
                                s.outcome,
                                s.owner
                            )
                        ).toBe(accepted);
                    if (i % 97 === 96) reported += mixed.takeQueuedOrphans();
                });
                reported += mixed.takeQueuedOrphans();
                expect(reported).toBe(queuedOrphans);
                expect(mixed.stats).toEqual(one.stats);
                const a = one.finish();
                const b = mixed.finish();
                expect(b.stats).toEqual(a.stats);
                expect(b.inflation).toEqual(a.inflation);
                expect([...b.results()]).toEqual([...a.results()]);
            }),
            { numRuns: runs(150) }
        );
    });

    it('folds what is queued before anything else reads or changes the portfolio', () => {
        const scorer = portfolio();
        scorer.queueActivityCodes(
            'c1',
            null,
            AS_OF_DAY - 3,
            channelCode('Call'),
            outcomeCode('Positive'),
            'r1'
        );
        scorer.queueActivityCodes('nobody', 'acc-gone', AS_OF_DAY - 3, 1, 0, null);
        scorer.queueActivityCodes('c1', null, AS_OF_DAY + 1, 1, 0, null);
        expect(scorer.stats).toMatchObject({ activities: 1, orphaned: 1, ignoredAfterAsOf: 1 });
        scorer.queueActivityCodes('c2', null, AS_OF_DAY - 3, 1, 0, null);
        const finished = scorer.finish();
        expect(finished.stats.activities).toBe(2);
        expect(scorer.takeQueuedOrphans()).toBe(1);
    });
});
