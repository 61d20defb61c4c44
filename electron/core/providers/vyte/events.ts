import { chance, objectId } from '../samples.js';
import type { ProviderEventType, SampleContext } from '../types.js';
import { joinedUser, meeting, person, type MeetingOptions } from './resources.js';
import { actionSchema, meetingSchema, userSchema } from './schemas.js';

/**
 * Vyte's actions. A payload is one action object `{action, organization, user, resource}`;
 * the delivery wraps it in a one-element array (see delivery.ts).
 */

export const ACTIONS = ['event.created', 'event.confirmed', 'event.updated', 'event.cancelled', 'user.joined'] as const;
export type Action = (typeof ACTIONS)[number];

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

/** An `event.*` action: the acting user is the meeting's creator. */
function meetingAction(action: Action, options: (context: SampleContext) => MeetingOptions) {
  return (context: SampleContext) => {
    const creator = person();
    return {
      action,
      organization: context.scope ?? objectId(),
      user: creator._id,
      resource: meeting(creator, options(context)),
    };
  };
}

export const eventTypes: ProviderEventType[] = [
  {
    type: 'event.created',
    name: 'Event created',
    description:
      'A meeting (an "event" on Vyte, 1-on-1 or group) was created, confirmed or still being planned. ' +
      'A meeting created already confirmed fires both event.created and event.confirmed: fire both types with the same resource to reproduce it.',
    schema: actionSchema('event.created', meetingSchema()),
    // Some meetings are created already confirmed (resource.confirmed.flag true).
    sample: meetingAction('event.created', () => ({ confirmed: chance(0.3), cancelled: false })),
  },
  {
    type: 'event.confirmed',
    name: 'Event confirmed',
    description: 'A meeting was confirmed: its date and/or place were decided.',
    schema: actionSchema('event.confirmed', meetingSchema({ confirmed: true })),
    sample: meetingAction('event.confirmed', () => ({ confirmed: true, cancelled: false })),
  },
  {
    type: 'event.updated',
    name: 'Event updated',
    description:
      'A meeting that was already confirmed was edited and confirmed again; usually its final date or place changed, with no guarantee.',
    schema: actionSchema('event.updated', meetingSchema({ confirmed: true })),
    sample: meetingAction('event.updated', () => ({ confirmed: true, cancelled: false })),
  },
  {
    type: 'event.cancelled',
    name: 'Event cancelled',
    description: 'A meeting, confirmed or not, was cancelled; resource.cancelled holds when.',
    schema: actionSchema('event.cancelled', meetingSchema({ cancelled: true })),
    sample: meetingAction('event.cancelled', () => ({ confirmed: chance(0.5), cancelled: true })),
  },
  {
    type: 'user.joined',
    name: 'User joined',
    description:
      "A user joined the organization through its join link. If the link had an extid query parameter (your app's id), it comes back as resource.account.organization.extid.",
    schema: actionSchema('user.joined', userSchema),
    sample: (context) => {
      const user = person();
      return { action: 'user.joined', organization: context.scope ?? objectId(), user: user._id, resource: joinedUser(user) };
    },
  },
];
