/** The dashboard's words in each language it speaks; English is the fallback. */
const en = {
  appTitle: 'Shop owner dashboard',
  logIn: 'Log in',
  logOut: 'Log out',
  signUp: 'Sign up',
  haveAccount: 'Already registered? Log in',
  needAccount: 'New here? Sign up',
  email: 'Email',
  password: 'Password',
  name: 'Name',
  phone: 'Phone',
  sessionExpired: 'Your session has expired. Please log in again.',
  myShops: 'My shops',
  noShops: 'You have no shops yet.',
  createShop: 'Create a shop',
  editShop: 'Edit shop',
  edit: (shop: string) => `Edit ${shop}`,
  save: 'Save',
  saved: 'Saved.',
  cancel: 'Back to my shops',
  loading: 'Loading…',
  shopName: 'Shop name',
  category: 'Category',
  description: 'Description',
  address: 'Address',
  minOrderAmount: 'Minimum order (KRW)',
  deliveryTip: 'Delivery tip (KRW)',
  notice: 'Notice to customers',
  status: 'Status',
  version: 'Version',
  publishState: 'Publish state',
  publishing: 'Publishing…',
  published: 'Published',
  statuses: { OPEN: 'Open', PAUSED: 'Paused', CLOSED: 'Closed' },
  categories: {
    KOREAN: 'Korean', CHINESE: 'Chinese', JAPANESE: 'Japanese', WESTERN: 'Western', CHICKEN: 'Chicken',
    PIZZA: 'Pizza', BUNSIK: 'Bunsik', JOKBAL_BOSSAM: 'Jokbal & bossam', JJIM_TANG: 'Jjim & tang',
    CAFE_DESSERT: 'Café & dessert', FAST_FOOD: 'Fast food', ASIAN: 'Asian', LUNCHBOX: 'Lunchbox', NIGHT_SNACK: 'Night snack',
  },
  wholeNumber: 'Enter a whole number.',
  openingHours: 'Opening hours',
  days: { MON: 'Monday', TUE: 'Tuesday', WED: 'Wednesday', THU: 'Thursday', FRI: 'Friday', SAT: 'Saturday', SUN: 'Sunday' },
  opensOn: (day: string) => `${day} opens (HH:MM)`,
  closesOn: (day: string) => `${day} closes (HH:MM)`,
  tooManyRequests: (seconds: number | undefined) =>
    seconds === undefined ? 'Too many requests. Wait a moment and try again.' : `Too many requests. Try again in ${seconds} s.`,
  unavailable: 'The service is busy or down for a moment. Please try again.',
  networkLost: 'The server cannot be reached. Check your connection.',
  retry: 'Try again',
  pause: (shop: string) => `Pause ${shop}`,
  reopen: (shop: string) => `Reopen ${shop}`,
  close: (shop: string) => `Close ${shop}`,
  delete: (shop: string) => `Delete ${shop}`,
  confirmDelete: (shop: string) => `Delete ${shop}? Customers stop seeing it, and it cannot be undone.`,
  deleteConfirmed: 'Delete',
  keep: 'Keep it',
};

export type Messages = typeof en;

const ko: Messages = {
  appTitle: '사장님 대시보드',
  logIn: '로그인',
  logOut: '로그아웃',
  signUp: '회원가입',
  haveAccount: '이미 가입하셨나요? 로그인',
  needAccount: '처음이신가요? 회원가입',
  email: '이메일',
  password: '비밀번호',
  name: '이름',
  phone: '전화번호',
  sessionExpired: '로그인이 만료되었습니다. 다시 로그인해 주세요.',
  myShops: '내 가게',
  noShops: '아직 가게가 없습니다.',
  createShop: '가게 만들기',
  editShop: '가게 수정',
  edit: (shop) => `${shop} 수정`,
  save: '저장',
  saved: '저장했습니다.',
  cancel: '내 가게로 돌아가기',
  loading: '불러오는 중…',
  shopName: '가게 이름',
  category: '업종',
  description: '가게 소개',
  address: '주소',
  minOrderAmount: '최소 주문 금액(원)',
  deliveryTip: '배달팁(원)',
  notice: '사장님 공지',
  status: '상태',
  version: '버전',
  publishState: '게시 상태',
  publishing: '게시 중…',
  published: '게시됨',
  statuses: { OPEN: '영업 중', PAUSED: '일시 중지', CLOSED: '폐업' },
  categories: {
    KOREAN: '한식', CHINESE: '중식', JAPANESE: '일식', WESTERN: '양식', CHICKEN: '치킨',
    PIZZA: '피자', BUNSIK: '분식', JOKBAL_BOSSAM: '족발·보쌈', JJIM_TANG: '찜·탕',
    CAFE_DESSERT: '카페·디저트', FAST_FOOD: '패스트푸드', ASIAN: '아시안', LUNCHBOX: '도시락', NIGHT_SNACK: '야식',
  },
  wholeNumber: '정수를 입력해 주세요.',
  openingHours: '영업시간',
  days: { MON: '월요일', TUE: '화요일', WED: '수요일', THU: '목요일', FRI: '금요일', SAT: '토요일', SUN: '일요일' },
  opensOn: (day) => `${day} 여는 시간(HH:MM)`,
  closesOn: (day) => `${day} 닫는 시간(HH:MM)`,
  tooManyRequests: (seconds) =>
    seconds === undefined ? '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.' : `요청이 너무 많습니다. ${seconds}초 후에 다시 시도해 주세요.`,
  unavailable: '서비스가 잠시 바쁘거나 중단되었습니다. 다시 시도해 주세요.',
  networkLost: '서버에 연결할 수 없습니다. 네트워크 연결을 확인해 주세요.',
  retry: '다시 시도',
  pause: (shop) => `${shop} 일시 중지`,
  reopen: (shop) => `${shop} 영업 재개`,
  close: (shop) => `${shop} 폐업`,
  delete: (shop) => `${shop} 삭제`,
  confirmDelete: (shop) => `${shop}을(를) 삭제할까요? 고객에게 더 이상 보이지 않으며 되돌릴 수 없습니다.`,
  deleteConfirmed: '삭제',
  keep: '취소',
};

export type Language = 'en' | 'ko';

const MESSAGES: Record<Language, Messages> = { en, ko };

/** The first of the browser's preferred languages (`navigator.languages`) the dashboard speaks; English otherwise. */
export function languageFor(languages: readonly string[]): Language {
  for (const language of languages) {
    const primary = language.toLowerCase().split('-')[0];
    if (primary === 'ko' || primary === 'en') return primary;
  }
  return 'en';
}

/** The messages for the browser's preferred languages: Korean or English. */
export function messagesFor(languages: readonly string[]): Messages {
  return MESSAGES[languageFor(languages)];
}
