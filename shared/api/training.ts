import { z } from 'zod';
import { ConfirmClosedYear } from '../closed-year';
import type { Kpi } from '../kpi';
import { TRAINING_AUDIENCES, TRAINING_CATEGORIES } from '../training';
import type { TrainingAudience, TrainingCategory } from '../training';
import { FiscalYear, Id, IsoDate, pageInput, StaffNoSchema as StaffNo, text, trimmed } from './common';
import type { Page, PageRequest } from './common';
import { defineChannels, out } from './define';

/*
 * 研修 (training, docs/training.md): the year's course list, who attended, each person's history,
 * and the plan's training targets. Channel definitions: docs/channels.md.
 */

/** One attendance as the viewer may see it. */
export type TrainingAttendee = {
  staffNo: string;
  name: string;
  section: string | null;
  line: string | null;
  attendedOn: string;
  hours: number;
  completed: boolean;
  /** Reported or shared what they learned (報告・共有). */
  shared: boolean;
};

export type TrainingCourseRow = {
  id: number;
  fy: number;
  title: string;
  category: TrainingCategory;
  provider: string;
  audience: TrainingAudience;
  /** 区政に活かせる: the plan wants at least one of the ward's staff on such an outside course. */
  usefulForWard: boolean;
  /** The 担当 that held a 担当内勉強会 (its section and line); null for other courses. */
  section: string | null;
  line: string | null;
  /** Everyone who attended (a count: staff and evaluators see only the people in their scope). */
  attendeeCount: number;
  /**
   * The attendees the viewer may see: HR and personnel all, evaluators their team and themselves, staff
   * themselves. Empty when the list was asked for by `page` (docs/lists.md): `training:attendees`
   * pages a course's attendees when it is opened.
   */
  attendees: TrainingAttendee[];
};

/** 担当内勉強会 held per 担当 in a year. */
export type StudyByLine = { section: string; line: string; sessions: number; participants: number; sharedBy: number };

export type TrainingYearView = {
  fy: number;
  /** Whose attendances the viewer sees. */
  scope: 'all' | 'team' | 'self';
  courses: TrainingCourseRow[];
  studyByLine: StudyByLine[];
  kpis: Kpi[];
  /** Asked for by `page`: how many courses the (filtered) list has; `courses` is the page. */
  total?: number;
};

/** The fields the course list sorts by (`page.sort`, docs/lists.md). */
export const trainingCourseSortFields = ['title', 'category', 'provider', 'audience', 'attendeeCount'] as const;
export type TrainingCourseSort = (typeof trainingCourseSortFields)[number];

/** The fields a course's attendee list sorts by. */
export const trainingAttendeeSortFields = [
  'staffNo',
  'name',
  'section',
  'attendedOn',
  'hours',
  'completed',
  'shared',
] as const;
export type TrainingAttendeeSort = (typeof trainingAttendeeSortFields)[number];

/** The course list on screen, as the saves are asked to answer it (their optional `list`). */
export type TrainingListRequest = { page: PageRequest<TrainingCourseSort>; category?: TrainingCategory };

/** A page of one course's attendees as the viewer may see them (training:attendees). */
export type TrainingAttendeePage = Page<TrainingAttendee> & {
  /** Everyone who attended the course (as TrainingCourseRow.attendeeCount). */
  attendeeCount: number;
  scope: TrainingYearView['scope'];
};

/**
 * The course list as the screen asks for it (docs/lists.md): a page, optionally one 研修区分. With
 * `page` the view's `courses` is that page, with `total`, and without attendees.
 */
const CourseListPage = pageInput(trainingCourseSortFields);
const CourseCategory = z.enum(TRAINING_CATEGORIES, { error: '研修区分を一覧から選んでください' });

/** What a save answers: the view as training:list, paged like the screen's list when `list` is given. */
const ListAfterSave = z.object({ page: CourseListPage, category: CourseCategory.optional() }).strict().optional();

/** One line of a person's training history (研修履歴), newest first. */
export type TrainingHistoryRow = {
  fy: number;
  courseId: number;
  title: string;
  category: TrainingCategory;
  provider: string;
  attendedOn: string;
  hours: number;
  completed: boolean;
  shared: boolean;
};

const Hours = z
  .number({ error: '時間数は数値で入力してください' })
  .min(0, '時間数は0以上にしてください')
  .max(1000, '時間数は1000以下にしてください');

export const maxAttendeesPerCourse = 5000;

export const trainingChannels = defineChannels({
  'training:list': {
    input: z.object({ fy: FiscalYear, page: CourseListPage.optional(), category: CourseCategory.optional() }).strict(),
    access: 'session',
    output: out<TrainingYearView>(),
  },
  /**
   * One course's attendees the viewer may see (the same scope as training:list), filtered by 職員番号,
   * 氏名 or 所属, a page at a time; without `page` every one of them (the HR editor's whole list).
   */
  'training:attendees': {
    input: z
      .object({
        fy: FiscalYear,
        courseId: Id,
        page: pageInput(trainingAttendeeSortFields).optional(),
        query: trimmed(100).optional(),
      })
      .strict(),
    access: 'session',
    output: out<TrainingAttendeePage>(),
  },
  'training:saveCourse': {
    input: z
      .object({
        fy: FiscalYear,
        id: Id.nullable(),
        title: z.string().trim().min(1, '研修名を入力してください').max(100, '研修名は100文字以内で入力してください'),
        category: z.enum(TRAINING_CATEGORIES, { error: '研修区分を一覧から選んでください' }),
        provider: text('実施機関', 100),
        audience: z.enum(TRAINING_AUDIENCES, { error: '対象を「全職員」か「任意」から選んでください' }),
        usefulForWard: z.boolean(),
        /** The 担当 of a 担当内勉強会: section and line by name; both null for other courses. */
        section: trimmed(60).nullable(),
        line: trimmed(60).nullable(),
        confirmClosedYear: ConfirmClosedYear,
        list: ListAfterSave,
      })
      .strict(),
    access: ['hr'],
    output: out<TrainingYearView>(),
  },
  'training:deleteCourse': {
    input: z.object({ fy: FiscalYear, id: Id, confirmClosedYear: ConfirmClosedYear, list: ListAfterSave }).strict(),
    access: ['hr'],
    output: out<TrainingYearView>(),
  },
  /** Replaces a course's attendance with the list given (the screen sends the whole list). */
  'training:saveAttendance': {
    input: z
      .object({
        fy: FiscalYear,
        courseId: Id,
        attendees: z
          .array(
            z
              .object({
                staffNo: StaffNo,
                attendedOn: IsoDate,
                hours: Hours,
                completed: z.boolean(),
                shared: z.boolean(),
              })
              .strict(),
          )
          .max(maxAttendeesPerCourse, `受講者は${maxAttendeesPerCourse}人までです`),
        confirmClosedYear: ConfirmClosedYear,
        list: ListAfterSave,
      })
      .strict(),
    access: ['hr'],
    output: out<TrainingYearView>(),
  },
  /** A person's training over every year: themselves, HR, personnel, and their evaluators. */
  'training:history': {
    input: z.object({ staffNo: StaffNo }).strict(),
    access: 'session',
    output: out<TrainingHistoryRow[]>(),
  },
});
