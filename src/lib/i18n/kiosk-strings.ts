// Importing this module makes the kiosk screen's strings available to `t()`.
import { registerStrings } from '../i18n.ts';
import { enKiosk, zhKiosk } from './kiosk.ts';
// The kiosk's ticket views show a ticket's progress as the phone page does.
import './ticket-strings.ts';

registerStrings(zhKiosk, enKiosk);
