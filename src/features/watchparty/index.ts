/** Watch parties: a group pick for a channel, its subcommands, the party card's buttons. */
import { defineFeature } from '../types.js';
import {
  partyCloseButton,
  partyInviteButton,
  partyJoinButton,
  partyLeaveButton,
  partyPickButton,
  partyUnvoteButton,
  partyVoteButton,
} from './buttons.js';
import { watchparty as command } from './command.js';
import { partyIntents } from './intent.js';

export const watchparty = defineFeature({
  name: 'watchparty',
  command,
  intents: partyIntents,
  buttons: [partyJoinButton, partyLeaveButton, partyPickButton, partyVoteButton, partyUnvoteButton, partyCloseButton, partyInviteButton],
});
