/**
 * The one place that knows the single-table key layout (see shared/resources.ts MAIN_TABLE).
 *
 * | entity  | pk              | sk     | gsi1pk     | gsi1sk              |
 * |---------|-----------------|--------|------------|---------------------|
 * | meeting | MEETING#<id>    | META   | MEETINGS   | <date>#<id>         |
 */
export const keys = {
  meeting: (id: string) => ({ pk: `MEETING#${id}`, sk: 'META' }),
  meetingIndex: (id: string, date: string) => ({ gsi1pk: 'MEETINGS', gsi1sk: `${date}#${id}` }),
  allMeetings: () => ({ gsi1pk: 'MEETINGS' }),
} as const;

export const ENTITY = { meeting: 'meeting' } as const;
