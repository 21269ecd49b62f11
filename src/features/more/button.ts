/** "More" on a list: the next page of the clicker's last list in this channel. */
import { defineButton } from '../types.js';
import { nextPage } from './command.js';

export const nextPageButton = defineButton({
  kind: 'next_page',
  code: 'n',
  args: {},
  async handle(ctx) {
    return { reply: await nextPage(ctx) };
  },
});
