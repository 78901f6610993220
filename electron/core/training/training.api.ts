import type { trainingChannels } from '../../../shared/api/training';
import type { Handlers } from '../api/handlers';
import {
  deleteTrainingCourse,
  saveTrainingAttendance,
  saveTrainingCourse,
  trainingAttendees,
  trainingHistory,
  trainingYear,
} from './training.service';

/** 研修 (shared/api/training.ts, docs/training.md, docs/channels.md). */
export const trainingHandlers: Handlers<typeof trainingChannels> = {
  'training:list': ({ office, session, input }) => trainingYear(office.db, session, input),
  'training:saveCourse': ({ office, session, input }) => saveTrainingCourse(office.db, session, input),
  'training:deleteCourse': ({ office, session, input }) => deleteTrainingCourse(office.db, session, input),
  'training:saveAttendance': ({ office, session, input }) => saveTrainingAttendance(office.db, session, input),
  'training:history': ({ office, session, input }) => trainingHistory(office.db, session, input),
  'training:attendees': ({ office, session, input }) => trainingAttendees(office.db, session, input),
};
