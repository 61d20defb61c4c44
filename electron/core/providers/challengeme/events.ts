import { Type } from '@sinclair/typebox';
import { chance, int, pick, username } from '../samples.js';
import type { ProviderEventType, SampleContext } from '../types.js';
import { randomTeamName, teamNameOfHook } from './teams.js';

// Challenges on ChallengeMe are small projects a student forks, solves and submits.
// prettier-ignore
const CHALLENGES = [
  'Calculator', 'Todo List', 'Tic Tac Toe', 'Memory Game', 'Weather App', 'Covid Tracker', 'Phone Book', 'Chat App',
  'Snake Game', 'Pokedex', 'Bin Manager', 'Url Shortener', 'Stock Dashboard', 'Movie Search', 'Hangman', 'Quiz Game',
  'Expense Tracker', 'Recipe Book', 'Pomodoro Timer', 'Kanban Board',
];

const common = {
  userName: Type.String({ minLength: 1, maxLength: 32, description: 'The ChallengeMe user name of the student who acted.' }),
  challengeName: Type.String({ minLength: 1, description: 'The challenge’s name.' }),
  team: Type.String({ minLength: 1, description: 'The name (not the id) of the team the hook belongs to.' }),
};

const submittedSchema = Type.Object({
  eventName: Type.Literal('Submitted Challenge'),
  userName: common.userName,
  challengeName: common.challengeName,
  submissionState: Type.Union([Type.Literal('SUCCESS'), Type.Literal('FAIL')], {
    description: 'Whether the submission passed the challenge’s tests.',
  }),
  challengeId: Type.Integer({ minimum: 1, description: 'The challenge’s database id, a number here.' }),
  team: common.team,
});

const startedSchema = Type.Object({
  eventName: Type.Literal('Started Challenge'),
  userName: common.userName,
  challengeName: common.challengeName,
  challengeId: Type.String({ pattern: '^[0-9]+$', description: 'The challenge’s id as its URL carried it: a string here.' }),
  team: common.team,
});

/** The team a sample names: its hook's team when fired at one, else any plausible team. */
function teamFor({ options }: SampleContext): string {
  return (options && teamNameOfHook({ providerOptions: options })) ?? randomTeamName();
}

/** A student name as ChallengeMe allows them: letters and digits, sometimes camelCase. */
function studentName(): string {
  const name = username();
  return chance(0.3) ? name.replace(/^[a-z]/, (letter) => letter.toUpperCase()) : name;
}

/** Key order as the real server builds the event (before it deletes `userId` and adds `team`). */
export const challengemeEventTypes: ProviderEventType[] = [
  {
    type: 'Submitted Challenge',
    name: 'Submitted Challenge',
    description: 'A team member’s submission was checked; submissionState says whether it passed.',
    aliases: ['submittedChallenge'],
    schema: submittedSchema,
    sample: (context) => ({
      eventName: 'Submitted Challenge',
      userName: studentName(),
      challengeName: pick(CHALLENGES),
      submissionState: chance(0.6) ? 'SUCCESS' : 'FAIL',
      challengeId: int(1, 480),
      team: teamFor(context),
    }),
  },
  {
    type: 'Started Challenge',
    name: 'Started Challenge',
    description: 'A team member started a challenge. challengeId is a string in this event.',
    aliases: ['startedChallenge'],
    schema: startedSchema,
    sample: (context) => ({
      eventName: 'Started Challenge',
      userName: studentName(),
      challengeName: pick(CHALLENGES),
      challengeId: String(int(1, 480)),
      team: teamFor(context),
    }),
  },
];

/** Every event name, as `GET .../events/all` lists them. */
export const EVENT_NAMES = challengemeEventTypes.map((eventType) => eventType.type);

/** An event name or alias → the event name; undefined when ChallengeMe has no such event. */
export function eventNamed(name: string): string | undefined {
  return challengemeEventTypes.find((eventType) => eventType.type === name || eventType.aliases?.includes(name))?.type;
}
