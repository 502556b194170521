// Importing this module makes a ticket's progress strings (phone /t page, kiosk ticket views) available to `t()`.
import { registerStrings } from '../i18n.ts';
import { enTicket, zhTicket } from './ticket.ts';

registerStrings(zhTicket, enTicket);
